#!/usr/bin/env bash
# Refresh the API documentation assets served at /docs and /redoc (no CDN): Swagger UI (Apache-2.0) and
# ReDoc (MIT), as packaged in the fastapi-offline wheel (MIT), copied to src/wirescope/api/static/vendor/.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=${1:-1.7.7}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --no-deps -q -d "$tmp" "fastapi-offline==$VERSION"
python3 -m zipfile -e "$tmp"/fastapi_offline-*.whl "$tmp/x"
for f in swagger-ui-bundle.js swagger-ui.css redoc.standalone.js; do
    cp "$tmp/x/fastapi_offline/static/$f" src/wirescope/api/static/vendor/
done
echo "vendored API docs assets from fastapi-offline $VERSION"
