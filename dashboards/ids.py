"""Component IDs, each defined once. Value convention: '<page>-<thing>'."""

# app shell
URL = "app-url"
SHELL_MEETING_TOGGLE = "shell-meeting-toggle"
SHELL_STOPS = "shell-stops"
SHELL_DIRECTORATES_MENU = "shell-directorates-menu"

# overview page
OVERVIEW_LOCATION = "overview-location"
OVERVIEW_PERIOD = "overview-period"
OVERVIEW_DIRECTORATE = "overview-directorate"
OVERVIEW_PRIORITY = "overview-priority"
OVERVIEW_STATUS = "overview-status"
OVERVIEW_HEADLINE = "overview-headline"
OVERVIEW_BODY = "overview-body"

# directorate page
DIRECTORATE_LOCATION = "directorate-location"
DIRECTORATE_SLUG = "directorate-slug"
DIRECTORATE_PERIOD = "directorate-period"
DIRECTORATE_SERVICE = "directorate-service"
DIRECTORATE_PRIORITY = "directorate-priority"
DIRECTORATE_STATUS = "directorate-status"
DIRECTORATE_COMMENTARY = "directorate-commentary"
DIRECTORATE_BODY = "directorate-body"
DIRECTORATE_CHARTS = "directorate-charts"
DIRECTORATE_GRID = "directorate-grid"
DIRECTORATE_CSV = "directorate-csv"

# measure page
MEASURE_CODE = "measure-code"
MEASURE_LOCATION = "measure-location"
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

# exceptions page
EXCEPTIONS_PERIOD = "exceptions-period"
EXCEPTIONS_LOCATION = "exceptions-location"
EXCEPTIONS_LIST = "exceptions-list"

# sign-in page
LOGIN_USERNAME = "login-username"
LOGIN_PASSWORD = "login-password"
LOGIN_MESSAGE = "login-message"
LOGIN_SIGNED_IN = "login-signed-in"
