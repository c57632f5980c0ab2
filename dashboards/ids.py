"""Component IDs, each defined once. Value convention: '<page>-<thing>'."""

# app shell
URL = "app-url"

# overview page
# (overview IDs go here)

# directorate page
# (directorate IDs go here)

# measure page
MEASURE_CODE = "measure-code"
MEASURE_LOCATION = "measure-location"
MEASURE_PERIOD = "measure-period"
MEASURE_GRAIN = "measure-grain"
MEASURE_VIEW = "measure-view"
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
