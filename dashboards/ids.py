"""Component IDs, each defined once. Value convention: '<page>-<thing>'.

A control whose value the URL holds is named '<page>-<key>', where key is its query key (`overview-period` writes
`?period=`): the one clientside URL writer (assets/meeting.js, `url.follow`) reads the key from the id, and each
page's '<page>-shown' store holds the values it was drawn with."""


def query_key(component_id: str) -> str:
    """`overview-period` -> `period`: the URL query key a control writes."""
    return component_id.split("-", 1)[1]


# app shell
PAGE_LOCATION = "_pages_location"   # Dash Pages' own dcc.Location: the one URL every page reads and writes
PAGE_STORE = "_pages_store"         # Pages sets it with each page it draws (the title): "a page was drawn"
SHELL_RENDER = "shell-render"       # passed to every page layout Pages renders (app.py routing_callback_inputs)
SHELL_RENDERED = "shell-rendered"
SHELL_MEETING_TOGGLE = "shell-meeting-toggle"
SHELL_MEETING_LEAVE = "shell-meeting-leave"
SHELL_MEETING_PREVIOUS = "shell-meeting-previous"
SHELL_MEETING_NEXT = "shell-meeting-next"
SHELL_STOPS = "shell-stops"
SHELL_DIRECTORATES_MENU = "shell-directorates-menu"
SHELL_SIGN_IN = "shell-sign-in"
SHELL_SIGN_OUT = "shell-sign-out"

# overview page
OVERVIEW_SHOWN = "overview-shown"
OVERVIEW_PERIOD = "overview-period"
OVERVIEW_DIRECTORATE = "overview-directorate"
OVERVIEW_PRIORITY = "overview-priority"
OVERVIEW_STATUS = "overview-status"
OVERVIEW_VARIATION = "overview-variation"
OVERVIEW_ASSURANCE = "overview-assurance"
OVERVIEW_PEERS = "overview-peers"
OVERVIEW_AMONG = "overview-among"                  # the peer group (`?among=`)
OVERVIEW_FILTERS = (OVERVIEW_PERIOD, OVERVIEW_DIRECTORATE, OVERVIEW_PRIORITY, OVERVIEW_STATUS, OVERVIEW_VARIATION,
                    OVERVIEW_ASSURANCE, OVERVIEW_PEERS, OVERVIEW_AMONG)
OVERVIEW_HEADLINE = "overview-headline"
OVERVIEW_BODY = "overview-body"

# directorate page
DIRECTORATE_SHOWN = "directorate-shown"
DIRECTORATE_SLUG = "directorate-slug"
DIRECTORATE_PERIOD = "directorate-period"
DIRECTORATE_SERVICE = "directorate-service"
DIRECTORATE_PRIORITY = "directorate-priority"
DIRECTORATE_STATUS = "directorate-status"
DIRECTORATE_VARIATION = "directorate-variation"
DIRECTORATE_ASSURANCE = "directorate-assurance"
DIRECTORATE_PEERS = "directorate-peers"
DIRECTORATE_AMONG = "directorate-among"
DIRECTORATE_FILTERS = (DIRECTORATE_PERIOD, DIRECTORATE_SERVICE, DIRECTORATE_PRIORITY, DIRECTORATE_STATUS,
                       DIRECTORATE_VARIATION, DIRECTORATE_ASSURANCE, DIRECTORATE_PEERS, DIRECTORATE_AMONG)
DIRECTORATE_COMMENTARY = "directorate-commentary"
DIRECTORATE_BODY = "directorate-body"
DIRECTORATE_CHARTS = "directorate-charts"
SHELL_ANNOUNCE = "shell-announce"                  # live region: what a filter change found, the new page
DIRECTORATE_TRENDS = "directorate-trends"            # <details>: the small multiples are drawn when it opens
DIRECTORATE_TRENDS_BODY = "directorate-trends-body"
DIRECTORATE_GRID = "directorate-grid"
DIRECTORATE_CSV = "directorate-csv"

# measure page
MEASURE_SHOWN = "measure-shown"
MEASURE_CODE = "measure-code"
MEASURE_PERIOD = "measure-period"
MEASURE_GRAIN = "measure-grain"
MEASURE_VIEW = "measure-view"
MEASURE_TARGET_SECTION = "measure-target-section"
MEASURE_SPC_SECTION = "measure-spc-section"
MEASURE_STATUS = "measure-status"
MEASURE_TREND = "measure-trend"
MEASURE_TREND_TEXT = "measure-trend-text"
MEASURE_SPC = "measure-spc"
MEASURE_SPC_TEXT = "measure-spc-text"
MEASURE_COMMENTARY = "measure-commentary"
MEASURE_ACTIONS = "measure-actions"
MEASURE_DEFINITION = "measure-definition"
MEASURE_HISTORY = "measure-history"
MEASURE_REBASE = "measure-rebase"
MEASURE_REBASE_DATE = "measure-rebase-date"
MEASURE_REBASE_REASON = "measure-rebase-reason"
MEASURE_REBASE_ACCEPT = "measure-rebase-accept"
MEASURE_REBASE_MESSAGE = "measure-rebase-message"

# exceptions page
EXCEPTIONS_SHOWN = "exceptions-shown"
EXCEPTIONS_PERIOD = "exceptions-period"
EXCEPTIONS_LIST = "exceptions-list"

# sign-in page
LOGIN_USERNAME = "login-username"
LOGIN_PASSWORD = "login-password"
LOGIN_MESSAGE = "login-message"
LOGIN_SIGNED_IN = "login-signed-in"

# import page (issue 4)
IMPORT_UPLOAD = "import-upload"
IMPORT_PENDING = "import-pending"
IMPORT_PROGRESS = "import-progress"
IMPORT_PREVIEW = "import-preview"
IMPORT_MAPPING = "import-mapping"
IMPORT_REMAP = "import-remap"
IMPORT_CONFIRM = "import-confirm"
IMPORT_CANCEL = "import-cancel"
IMPORT_RESULT = "import-result"
IMPORT_EXPORT_DIRECTORATE = "import-export-directorate"
IMPORT_EXPORT_FORMAT = "import-export-format"
IMPORT_EXPORT_FROM = "import-export-from"
IMPORT_EXPORT_TO = "import-export-to"
IMPORT_EXPORT_BUTTON = "import-export-button"
IMPORT_EXPORT_CANCEL = "import-export-cancel"
IMPORT_EXPORT_PROGRESS = "import-export-progress"
IMPORT_EXPORT_RESULT = "import-export-result"
IMPORT_EXPORT_VIEWER = "import-export-viewer"
IMPORT_MAPPING_GRID = "import-mapping-grid"
IMPORT_SAVED = "import-saved"
IMPORT_HEADER_ROW = "import-header-row"
IMPORT_AREA = "import-area"
IMPORT_AREA_FIELD = "import-area-field"
IMPORT_DIRECTORATE = "import-directorate"
IMPORT_SERVICE = "import-service"
IMPORT_FREQUENCY = "import-frequency"
IMPORT_ROLLUP = "import-rollup"
IMPORT_FILTER_COLUMN = "import-filter-column"
IMPORT_FILTER_VALUES = "import-filter-values"
IMPORT_MEASURES_GRID = "import-measures-grid"
IMPORT_MEASURES_FIELD = "import-measures-field"
IMPORT_FIRST_ROWS = "import-first-rows"
IMPORT_SAVE_NAME = "import-save-name"

# data entry page (issue 4)
ENTRY_SERVICE = "entry-service"
ENTRY_MONTH = "entry-month"
ENTRY_FORM = "entry-form"
ENTRY_GRID = "entry-grid"
ENTRY_SAVE = "entry-save"
ENTRY_SUBMIT = "entry-submit"
ENTRY_APPROVE = "entry-approve"
ENTRY_REOPEN = "entry-reopen"
ENTRY_MESSAGE = "entry-message"

# council plan page (issue 15)
PLAN_SHOWN = "plan-shown"
PLAN_PRIORITY = "plan-priority"
PLAN_DIRECTORATE = "plan-directorate"
PLAN_STATUS = "plan-status"
PLAN_OVERDUE = "plan-overdue"
PLAN_FILTERS = (PLAN_PRIORITY, PLAN_DIRECTORATE, PLAN_STATUS, PLAN_OVERDUE)
PLAN_COUNTS = "plan-counts"
PLAN_BODY = "plan-body"
PLAN_EDIT_ACTION = "plan-edit-action"
PLAN_EDIT_STATUS = "plan-edit-status"
PLAN_EDIT_PERCENT = "plan-edit-percent"
PLAN_EDIT_NOTE = "plan-edit-note"
PLAN_EDIT_SAVE = "plan-edit-save"
PLAN_EDIT_MESSAGE = "plan-edit-message"

# risk register page (issue 15)
RISKS_SHOWN = "risks-shown"
RISKS_DIRECTORATE = "risks-directorate"
RISKS_BASIS = "risks-basis"
RISKS_FILTERS = (RISKS_DIRECTORATE, RISKS_BASIS)
RISKS_MATRIX = "risks-matrix"
RISKS_LIST = "risks-list"
RISKS_EDIT_RISK = "risks-edit-risk"
RISKS_EDIT_LIKELIHOOD = "risks-edit-likelihood"
RISKS_EDIT_IMPACT = "risks-edit-impact"
RISKS_EDIT_REVIEW = "risks-edit-review"
RISKS_EDIT_NOTE = "risks-edit-note"
RISKS_EDIT_SAVE = "risks-edit-save"
RISKS_EDIT_MESSAGE = "risks-edit-message"

# the plan on the directorate and measure pages (issue 15)
DIRECTORATE_PLAN = "directorate-plan"
DIRECTORATE_RISKS = "directorate-risks"
MEASURE_PLAN = "measure-plan"
MEASURE_INTERVENTION = "measure-intervention"
MEASURE_PLAN_TITLE = "measure-plan-title"
MEASURE_PLAN_DUE = "measure-plan-due"
MEASURE_PLAN_OPEN = "measure-plan-open"
MEASURE_PLAN_NOTE = "measure-plan-note"
MEASURE_PLAN_CLOSE = "measure-plan-close"
MEASURE_PLAN_ID = "measure-plan-id"
MEASURE_PLAN_MESSAGE = "measure-plan-message"
MEASURE_PLAN_CLOSE_MESSAGE = "measure-plan-close-message"
# --- issue 18: how we compare (peer benchmarking) on the measure page ---
MEASURE_BENCHMARK = "measure-benchmark"
MEASURE_BENCHMARK_CHART = "measure-benchmark-chart"
MEASURE_BENCHMARK_TABLE = "measure-benchmark-table"
MEASURE_BENCHMARK_SENTENCE = "measure-benchmark-sentence"
MEASURE_BENCHMARK_GROUP = "measure-benchmark-group"      # which group it is compared with
MEASURE_BENCHMARK_GROUPS = "measure-benchmark-groups"
MEASURE_BENCHMARK_PICK = "measure-benchmark-pick"

# notifications page (issue 19)
NOTIFY_CHOICE = "notify-choice"
NOTIFY_SAVE = "notify-save"
NOTIFY_MESSAGE = "notify-message"

# report pack page (issue 14)
REPORTS_PERIOD = "reports-period"
REPORTS_SCOPE = "reports-scope"
REPORTS_FORMAT = "reports-format"
REPORTS_VIEWER = "reports-viewer"
REPORTS_PRODUCE = "reports-produce"
REPORTS_CANCEL = "reports-cancel"
REPORTS_PROGRESS = "reports-progress"
REPORTS_RESULT = "reports-result"

# officer workbench (issue 16): `/workbench?section=...`; URL-held controls are `workbench-<query key>`
WORKBENCH_SHOWN = "workbench-shown"
WORKBENCH_BODY = "workbench-body"
# each section draws into its own box inside the body, so an answer that arrives after the officer went to another
# section lands nowhere instead of drawing the old section into the new page
WORKBENCH_SECTION_BODY = {s: f"workbench-body-{s}" for s in ("publish", "cycle", "measures", "users", "audit",
                                                              "benchmarks")}
WORKBENCH_MESSAGE = "workbench-message"
WORKBENCH_PERIOD = "workbench-period"
WORKBENCH_RELEASE_DAY = "workbench-release-day"
WORKBENCH_RELEASE_TIME = "workbench-release-time"
WORKBENCH_PUBLISH = "workbench-publish"
WORKBENCH_UNPUBLISH = "workbench-unpublish"
WORKBENCH_PREVIEW = "workbench-preview"
WORKBENCH_QUARTER = "workbench-quarter"
WORKBENCH_DUE_DAY = "workbench-due-day"
WORKBENCH_DUE_SERVICE = "workbench-due-service"
WORKBENCH_SET_DUE = "workbench-set-due"
WORKBENCH_CHASE = "workbench-chase"
WORKBENCH_LOCK = "workbench-lock"
WORKBENCH_UNLOCK = "workbench-unlock"
WORKBENCH_FIX_CODE = "workbench-fix-code"
WORKBENCH_FIX_PERIOD = "workbench-fix-period"
WORKBENCH_FIX_VALUE = "workbench-fix-value"
WORKBENCH_FIX_REASON = "workbench-fix-reason"
WORKBENCH_FIX = "workbench-fix"
WORKBENCH_MEASURE = "workbench-measure"
WORKBENCH_SAVE_MEASURE = "workbench-save-measure"
WORKBENCH_RETIRE_DAY = "workbench-retire-day"
WORKBENCH_RETIRE = "workbench-retire"
WORKBENCH_TARGET_PERIOD = "workbench-target-period"
WORKBENCH_TARGET_VALUE = "workbench-target-value"
WORKBENCH_SET_TARGET = "workbench-set-target"
WORKBENCH_USER = "workbench-user"
WORKBENCH_USERNAME = "workbench-username"
WORKBENCH_DISPLAY_NAME = "workbench-display-name"
WORKBENCH_ROLE = "workbench-role"
WORKBENCH_SERVICES = "workbench-services"
WORKBENCH_CREATE_USER = "workbench-create-user"
WORKBENCH_SAVE_USER = "workbench-save-user"
WORKBENCH_DEACTIVATE = "workbench-deactivate"
WORKBENCH_REACTIVATE = "workbench-reactivate"
WORKBENCH_RESET_PASSWORD = "workbench-reset-password"
WORKBENCH_CODE = "workbench-code"
WORKBENCH_AUTHOR = "workbench-author"
WORKBENCH_SOURCE = "workbench-source"
WORKBENCH_SINCE = "workbench-since"
WORKBENCH_UNTIL = "workbench-until"
WORKBENCH_CHANGE = "workbench-change"
WORKBENCH_RESTORE_REASON = "workbench-restore-reason"
WORKBENCH_RESTORE = "workbench-restore"
WORKBENCH_CHANGES = "workbench-changes"
# the measure form's fields, one per column of the template's measures sheet
WORKBENCH_MEASURE_FIELDS = {name: f"workbench-field-{name}" for name in (
    "code", "title", "description", "service", "priority", "owner", "unit", "decimals", "polarity", "frequency",
    "kind", "rollup", "tolerance", "tolerance_type")}
# the workbench's benchmarks section (issue 18): benchmark files, comparator groups, links and the default group
WORKBENCH_BENCH_UPLOAD = "workbench-bench-upload"
WORKBENCH_BENCH_CHECK = "workbench-bench-check"
WORKBENCH_BENCH_STORE = "workbench-bench-store"
WORKBENCH_BENCH_DATASETS = "workbench-bench-datasets"
# the import form's fields, as the command line's options (benchmark_mapping in data/reporting/workbench.py)
WORKBENCH_BENCH_FIELDS = {name: f"workbench-bench-{name}" for name in (
    "name", "source", "licence", "retrieved", "layout", "polarity", "mapping")}
WORKBENCH_GROUP_UPLOAD = "workbench-group-upload"
WORKBENCH_GROUP_NAME = "workbench-group-name"
WORKBENCH_GROUP_AREAS = "workbench-group-areas"
WORKBENCH_GROUP_SAVE = "workbench-group-save"
WORKBENCH_GROUPS = "workbench-groups"
WORKBENCH_LINK_MEASURE = "workbench-link-measure"
WORKBENCH_LINK_TARGET = "workbench-link-target"
WORKBENCH_LINK_AREA = "workbench-link-area"
WORKBENCH_LINK_NOTE = "workbench-link-note"
WORKBENCH_LINK_SAVE = "workbench-link-save"
WORKBENCH_LINK_REMOVE = "workbench-link-remove"
WORKBENCH_LINKS = "workbench-links"
WORKBENCH_PEERS_DEFAULT = "workbench-peers-default"
WORKBENCH_PEERS_SAVE = "workbench-peers-save"
