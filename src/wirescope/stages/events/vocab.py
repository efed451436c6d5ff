"""The coder's vocabulary, read from data: word lists from `kb/lang/en/events.yaml`, type flags and derived
codes from `kb/plover.json`. Nothing here is a literal list; the names only make the rules readable."""

from __future__ import annotations

from ...kb.lang import words
from ...kb.ontology import mediation_codes, types_with

WORDS = words("events")

# --- words (kb/lang/en/events.yaml) ---

VERB_TARGET_PREPS = WORDS["verb_target_preps"]
NOUN_TARGET_PREPS = WORDS["noun_target_preps"]
SAY_LEMMAS = WORDS["say_lemmas"]
MODAL_HYPOTHETICAL = WORDS["modal_hypothetical"]
MODAL_FUTURE = WORDS["modal_future"]
MODAL_DEONTIC = WORDS["modal_deontic"]
NEGATORS = WORDS["negators"]
REQUEST_CONTROL = WORDS["request_control"]
REQUEST_THAT = WORDS["request_that"]
NEGATING_GOVERNORS = WORDS["negating_governors"]
BLOCKING_GOVERNORS = WORDS["blocking_governors"]
HYPOTHETICAL_GOVERNORS = WORDS["hypothetical_governors"]
FUTURE_GOVERNORS = WORDS["future_governors"]
ALLEGE_GOVERNORS = WORDS["allege_governors"]
INTENT_GOVERNORS = WORDS["intent_governors"]
LIGHT_VERBS = WORDS["light_verbs"]
INTENT_LIGHT = WORDS["intent_light"]
TRANSPARENT_NOUNS = WORDS["transparent_nouns"]
INTRANSITIVE_TRIGGERS = WORDS["intransitive_triggers"]
HELP_VERBS = WORDS["help_verbs"]
AGENT_NOUNS = WORDS["agent_nouns"]
PRIVATE_NOUNS = WORDS["private_nouns"]
COMPOUND_HEADS = WORDS["compound_heads"]
RESPONSE_VERBS = WORDS["response_verbs"]
PLURAL_PRONOUNS = WORDS["plural_pronouns"]
GROUP_NOUNS = WORDS["group_nouns"]
GROUP_NUMBERS: dict[str, int] = WORDS["group_numbers"]
PERSON_GROUPS = WORDS["person_groups"]
TIME_NOUNS = WORDS["time_nouns"]
PARTY_NOUNS = WORDS["party_nouns"]
MEETING_NOUNS = WORDS["meeting_nouns"]
TITLE_NOUNS = WORDS["title_nouns"]
LEADER_ROLES = WORDS["leader_roles"]
LOCAL_NOUNS = WORDS["local_nouns"]
BLAME_VERBS = WORDS["blame_verbs"]
BLAME_OBJECTS = WORDS["blame_objects"]
DESCRIBE_VERBS = WORDS["describe_verbs"]
NEGATIVE_WORDS = WORDS["negative_words"]
POSITIVE_WORDS = WORDS["positive_words"]
ONE_SIDED_SUPPORT = WORDS["one_sided_support"]
RECIPROCAL = WORDS["reciprocal"]
NEEDS_TARGET_LEMMAS = WORDS["needs_target_lemmas"]
LEMMA_FIXES: dict[str, str] = WORDS["lemma_fixes"]

# --- event types by flag (kb/plover.json: types[*].flags, explained under coder.flags) ---

SYMMETRIC = types_with("symmetric")
ONE_SIDED_TYPES = types_with("one_sided")
HOSTILE = types_with("hostile")
PLACE_TARGET_TYPES = types_with("place_target")
DEEP_TARGET_TYPES = types_with("deep_target")
SOURCELESS_TYPES = types_with("sourceless")
APPEAL = types_with("appeal")
LOCAL_SOURCE_TYPES = types_with("local_source")
THREAT_TYPES = types_with("threat")
NO_CONTENT_TARGET = types_with("no_content_target")
COMMITMENT = types_with("commitment")
MATERIAL_PROMISE = types_with("material_promise")
PRAISE = types_with("praise")
YIELDING = types_with("yielding")
NEEDS_GIVING_IN = types_with("needs_giving_in")
MARCH_TYPES = types_with("march")
VIOLENT = types_with("violent")
REFUSAL_TYPES = types_with("refusal")
PERSONAL = types_with("personal")
MEDIATION = mediation_codes()  # symmetric events whose parties do not meet

# --- parameters ---

GROUP_MAX = 4  # a longer list is a roll-call, not a party "they" can mean
DEEP_MAX = 4  # dependency steps below the predicate's arguments
SCARE_QUOTE_MAX = 6
QUOTE_CHARS = "\"“”‘’'«»"
MATERIAL_QUADS = (2, 4)
# Negated events ("China has not provided weapons to Russia") did not happen. True keeps the
# two-sided ones in the record, flagged `negated` (queries count only actual events); False drops
# them all (a denial or refusal is still coded as its own event: deny, refuse -> REJECT).
KEEP_NEGATED = False
