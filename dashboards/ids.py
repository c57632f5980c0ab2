"""Component IDs, each defined once. Value convention: '<page>-<thing>'."""

# app shell
URL = "app-url"

# overview page
# (overview IDs go here)

# directorate page
# (directorate IDs go here)

# measure page
# (measure IDs go here)
