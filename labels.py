"""The fixed label set every tier answers from, and who decides which labels."""

HTTP_STATUS = "HTTP Status"
CRITICAL_ERROR = "Critical Error"
SECURITY_ALERT = "Security Alert"
ERROR = "Error"
SYSTEM_NOTIFICATION = "System Notification"
RESOURCE_USAGE = "Resource Usage"
USER_ACTION = "User Action"
WORKFLOW_ERROR = "Workflow Error"
DEPRECATION_WARNING = "Deprecation Warning"
UNCLASSIFIED = "Unclassified"

# The nine categories every tier may answer with.
CATEGORIES = (
    HTTP_STATUS,
    CRITICAL_ERROR,
    SECURITY_ALERT,
    ERROR,
    SYSTEM_NOTIFICATION,
    RESOURCE_USAGE,
    USER_ACTION,
    WORKFLOW_ERROR,
    DEPRECATION_WARNING,
)
# The categories the regex and embedding tiers may decide when they are sure: all nine.
EMBEDDING_LABELS = CATEGORIES
# Every label the service can return.
ALL_LABELS = CATEGORIES + (UNCLASSIFIED,)

# Rows from this source always go to the LLM tier: its free-text lines need reasoning.
LLM_ONLY_SOURCE = "LegacyCRM"

# Tier names reported per row.
TIER_REGEX = "regex"
TIER_BERT = "bert"
TIER_LLM = "llm"
TIER_NONE = "none"
TIERS = (TIER_REGEX, TIER_BERT, TIER_LLM, TIER_NONE)
