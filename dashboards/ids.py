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
OVERVIEW_FILTERS = (OVERVIEW_PERIOD, OVERVIEW_DIRECTORATE, OVERVIEW_PRIORITY, OVERVIEW_STATUS, OVERVIEW_VARIATION,
                    OVERVIEW_ASSURANCE)
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
DIRECTORATE_FILTERS = (DIRECTORATE_PERIOD, DIRECTORATE_SERVICE, DIRECTORATE_PRIORITY, DIRECTORATE_STATUS,
                       DIRECTORATE_VARIATION, DIRECTORATE_ASSURANCE)
DIRECTORATE_COMMENTARY = "directorate-commentary"
DIRECTORATE_BODY = "directorate-body"
DIRECTORATE_CHARTS = "directorate-charts"
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
IMPORT_TICK = "import-tick"
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
IMPORT_EXPORT_DOWNLOAD = "import-export-download"
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
