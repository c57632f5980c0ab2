"""The fictional Demo District Council: its structure and 60 measures, as rows.

Several measures are modelled on real council reports (call wait time, calls abandoned, rent loss, agency
spend, legal income, sickness absence, planning in time, household waste recycled). Each measure row gives the
shape of its history, which `data/demo.py` turns into deterministic values.
"""

COUNCIL = "Demo District Council"
CONTEXT = {"ECO04"}   # context indicators

DIRECTORATES = [
    # slug, name, director, services (slug, name)
    ("resources", "Resources", "Priya Shah", [
        ("finance", "Finance"), ("revenues-benefits", "Revenues and Benefits"),
        ("hr", "Human Resources"), ("legal-democratic", "Legal and Democratic Services")]),
    ("customer-digital", "Customer and Digital", "Tom Okafor", [
        ("customer-services", "Customer Services"), ("digital-ict", "Digital and ICT")]),
    ("housing-communities", "Housing and Communities", "Helen Marsh", [
        ("housing-management", "Housing Management"), ("housing-options", "Homelessness and Housing Options"),
        ("community-safety", "Community Safety")]),
    ("place-environment", "Place and Environment", "Gareth Lewis", [
        ("waste-recycling", "Waste and Recycling"), ("street-scene", "Street Scene and Parks"),
        ("environmental-health", "Environmental Health")]),
    ("planning-growth", "Planning and Growth", "Sarah Bennett", [
        ("development-management", "Development Management"), ("economic-development", "Economic Development")]),
]

PRIORITIES = [
    ("economy", "A thriving local economy"),
    ("places", "Clean, green and safe places"),
    ("homes", "Homes for everyone"),
    ("communities", "Healthy, connected communities"),
    ("council", "An efficient, modern council"),
]

# Shapes: good (better than target), edge (hovers at target), drift (misses in 2021/22-2022/23, then
# recovers), poor (persistently worse), improving, worsening (slips in the latest quarters), volume (data only).
# code, title, service, priority, unit, decimals, polarity, frequency, kind, rollup, tolerance, tolerance_type,
# target (first year; level for data-only), change per year, scale (one unit of gap), seasonal amplitude, shape
MEASURES = [
    # Resources: Finance
    ("FIN01", "Invoices paid within 30 days", "finance", "council", "%", 1, "higher", "monthly", "target", "mean", 2, "absolute", 95, 0.5, 1.5, 0.5, "edge"),
    ("FIN02", "Agency worker spend", "finance", "council", "£", 0, "lower", "monthly", "target", "sum", 5, "percent", 1_000_000, -10_000, 9_000, 6_000, "drift"),
    ("FIN03", "Budget variance (forecast against budget)", "finance", "council", "%", 1, "lower", "quarterly", "target", "latest", 0.5, "absolute", 1.0, 0, 0.6, 0, "edge"),
    ("FIN04", "Savings delivered against plan", "finance", "council", "£", 0, "higher", "quarterly", "target", "sum", 10, "percent", 1_200_000, 50_000, 40_000, 0, "improving"),
    ("FIN05", "Treasury investment return", "finance", "council", "%", 2, "none", "quarterly", "data only", "mean", 0, "percent", 1.2, 0.05, 0.1, 0, "volume"),
    # Resources: Revenues and Benefits
    ("REV01", "Council tax collected (cumulative)", "revenues-benefits", "council", "%", 1, "higher", "monthly", "target", "latest", 0.5, "absolute", 97.0, 0.1, 0.4, 0, "cumulative"),
    ("REV02", "Business rates collected (cumulative)", "revenues-benefits", "economy", "%", 1, "higher", "monthly", "target", "latest", 0.5, "absolute", 98.0, 0.0, 0.5, 0, "cumulative"),
    ("REV03", "Average days to process new benefit claims", "revenues-benefits", "council", "days", 1, "lower", "monthly", "target", "mean", 10, "percent", 20, -0.5, 1.6, 1.5, "drift"),
    ("REV04", "Average days to process benefit changes of circumstances", "revenues-benefits", "council", "days", 1, "lower", "monthly", "target", "mean", 10, "percent", 8, -0.2, 0.7, 0.6, "good"),
    ("REV05", "Benefit claims received", "revenues-benefits", "communities", "count", 0, "none", "monthly", "data only", "sum", 0, "percent", 420, 0.03, 30, 40, "volume"),
    # Resources: Human Resources
    ("HR01", "Sickness absence days per FTE", "hr", "council", "days", 2, "lower", "monthly", "target", "sum", 5, "percent", 8.5, -0.1, 0.06, 0.15, "poor"),
    ("HR02", "Staff turnover", "hr", "council", "%", 1, "lower", "quarterly", "target", "sum", 10, "percent", 12, 0, 0.3, 0, "edge"),
    ("HR03", "Mandatory training completed", "hr", "council", "%", 1, "higher", "quarterly", "target", "latest", 3, "absolute", 90, 1, 2.5, 0, "improving"),
    ("HR04", "Employee engagement score", "hr", "council", "%", 0, "higher", "annual", "target", "latest", 3, "absolute", 70, 1, 3, 0, "edge"),
    # Resources: Legal and Democratic
    ("LEG01", "Legal services income", "legal-democratic", "council", "£", 0, "higher", "monthly", "target", "sum", 5, "percent", 240_000, 10_000, 2_500, 3_000, "worsening"),
    ("LEG02", "Freedom of Information requests answered within 20 days", "legal-democratic", "council", "%", 1, "higher", "monthly", "target", "mean", 5, "absolute", 90, 0, 3, 2, "drift"),
    ("LEG03", "Committee papers published on time", "legal-democratic", "council", "%", 0, "higher", "quarterly", "target", "mean", 5, "absolute", 100, 0, 1.5, 0, "edge"),
    # Customer and Digital: Customer Services
    ("CS01", "Average call wait time", "customer-services", "council", "secs", 0, "lower", "monthly", "target", "mean", 20, "percent", 40, 0, 5, 6, "drift"),
    ("CS02", "Calls abandoned", "customer-services", "council", "%", 2, "lower", "monthly", "target", "mean", 1, "absolute", 8.0, -0.2, 0.8, 0.6, "worsening"),
    ("CS03", "Customer enquiries resolved at first contact", "customer-services", "council", "%", 1, "higher", "monthly", "target", "mean", 3, "absolute", 80, 0.5, 2, 1, "good"),
    ("CS04", "Customer satisfaction with the contact centre", "customer-services", "council", "%", 1, "higher", "quarterly", "target", "mean", 3, "absolute", 85, 0, 2, 0, "good"),
    ("CS05", "Calls received", "customer-services", "council", "count", 0, "none", "monthly", "data only", "sum", 0, "percent", 21_000, -0.04, 900, 1500, "volume"),
    ("CS06", "Complaints responded to within 10 working days", "customer-services", "council", "%", 1, "higher", "monthly", "target", "mean", 5, "absolute", 90, 0, 3, 1, "poor"),
    # Customer and Digital: Digital and ICT
    ("ICT01", "Availability of key IT systems", "digital-ict", "council", "%", 2, "higher", "monthly", "target", "mean", 0.3, "absolute", 99.5, 0, 0.2, 0, "good"),
    ("ICT02", "Online transactions as a share of all transactions", "digital-ict", "council", "%", 1, "higher", "quarterly", "target", "mean", 3, "absolute", 55, 4, 2, 0, "improving"),
    ("ICT03", "Service desk tickets resolved within agreed time", "digital-ict", "council", "%", 1, "higher", "monthly", "target", "mean", 3, "absolute", 92, 0, 1.8, 0.5, "edge"),
    ("ICT04", "Website visits", "digital-ict", "communities", "count", 0, "higher", "monthly", "data only", "sum", 0, "percent", 95_000, 0.05, 5000, 8000, "volume"),
    # Housing and Communities: Housing Management
    ("HSG01", "Rent loss from empty homes (% of rent due)", "housing-management", "homes", "%", 2, "lower", "quarterly", "target", "mean", 0.05, "absolute", 0.75, 0, 0.1, 0, "rentloss"),
    ("HSG02", "Rent collected (% of rent due, cumulative)", "housing-management", "homes", "%", 1, "higher", "monthly", "target", "latest", 0.5, "absolute", 98.5, 0, 0.4, 0, "cumulative"),
    ("HSG03", "Average days to re-let council homes", "housing-management", "homes", "days", 0, "lower", "monthly", "target", "mean", 10, "percent", 28, -1, 3, 3, "drift"),
    ("HSG04", "Emergency repairs completed within 24 hours", "housing-management", "homes", "%", 1, "higher", "monthly", "target", "mean", 2, "absolute", 98, 0, 1, 0.6, "good"),
    ("HSG05", "Council homes meeting the Decent Homes Standard", "housing-management", "homes", "%", 1, "higher", "annual", "target", "latest", 1, "absolute", 92, 1.0, 1.2, 0, "improving"),
    ("HSG06", "Tenant satisfaction with repairs", "housing-management", "homes", "%", 0, "higher", "annual", "target", "latest", 3, "absolute", 80, 0, 3, 0, "poor"),
    # Housing and Communities: Homelessness and Housing Options
    ("HOM01", "Households in temporary accommodation", "housing-options", "homes", "count", 0, "lower", "monthly", "target", "latest", 10, "percent", 90, 5, 6, 4, "worsening"),
    ("HOM02", "Homelessness prevented or relieved", "housing-options", "homes", "%", 1, "higher", "quarterly", "target", "mean", 5, "absolute", 60, 1, 4, 0, "edge"),
    ("HOM03", "Homelessness approaches", "housing-options", "homes", "count", 0, "none", "monthly", "data only", "sum", 0, "percent", 140, 0.06, 12, 10, "volume"),
    ("HOM04", "Families in bed and breakfast over six weeks", "housing-options", "homes", "count", 0, "lower", "monthly", "target", "latest", 0, "absolute", 0, 0, 0.8, 0, "poor"),
    ("HOM05", "New affordable homes delivered", "housing-options", "homes", "count", 0, "higher", "annual", "target", "sum", 10, "percent", 150, 10, 15, 0, "drift"),
    # Housing and Communities: Community Safety
    ("SAF01", "Anti-social behaviour cases resolved within 60 days", "community-safety", "communities", "%", 1, "higher", "quarterly", "target", "mean", 5, "absolute", 80, 0, 4, 0, "good"),
    ("SAF02", "Anti-social behaviour incidents reported", "community-safety", "places", "count", 0, "none", "monthly", "data only", "sum", 0, "percent", 310, -0.03, 25, 40, "volume"),
    ("SAF03", "CCTV cameras operational", "community-safety", "places", "%", 1, "higher", "monthly", "target", "mean", 2, "absolute", 95, 0, 1.5, 0, "edge"),
    # Place and Environment: Waste and Recycling
    ("WST01", "Household waste sent for reuse, recycling or composting", "waste-recycling", "places", "%", 1, "higher", "monthly", "target", "mean", 2, "absolute", 48, 1, 1.5, 4, "drift"),
    ("WST02", "Residual household waste per household", "waste-recycling", "places", "kg", 0, "lower", "quarterly", "target", "sum", 5, "percent", 440, -8, 4, 0, "improving"),
    ("WST03", "Missed bin collections per 100,000", "waste-recycling", "places", "count", 0, "lower", "monthly", "target", "mean", 15, "percent", 45, -2, 6, 5, "worsening"),
    ("WST04", "Garden waste subscriptions", "waste-recycling", "places", "count", 0, "none", "quarterly", "data only", "latest", 0, "percent", 24_000, 0.03, 400, 0, "volume"),
    ("WST05", "Household waste recycled (annual outturn)", "waste-recycling", "places", "%", 1, "higher", "annual", "target", "latest", 1, "absolute", 50, 1, 1.2, 0, "edge"),
    # Place and Environment: Street Scene and Parks
    ("STR01", "Fly-tipping incidents cleared within 2 working days", "street-scene", "places", "%", 1, "higher", "monthly", "target", "mean", 5, "absolute", 90, 0, 3, 2, "good"),
    ("STR02", "Fly-tipping incidents reported", "street-scene", "places", "count", 0, "none", "monthly", "data only", "sum", 0, "percent", 180, 0.04, 15, 20, "volume"),
    ("STR03", "Streets meeting cleanliness standard", "street-scene", "places", "%", 1, "higher", "quarterly", "target", "mean", 3, "absolute", 92, 0, 2, 0, "poor"),
    ("STR04", "Parks with Green Flag status", "street-scene", "communities", "count", 0, "higher", "annual", "target", "latest", 0, "absolute", 4, 0.5, 0.6, 0, "good"),
    # Place and Environment: Environmental Health
    ("EH01", "Food premises rated 3 or better for hygiene", "environmental-health", "communities", "%", 1, "higher", "quarterly", "target", "latest", 2, "absolute", 95, 0, 1, 0, "good"),
    ("EH02", "Noise complaints responded to within 5 days", "environmental-health", "communities", "%", 1, "higher", "monthly", "target", "mean", 5, "absolute", 85, 0, 4, 2, "drift"),
    ("EH03", "Food hygiene inspections due that were completed", "environmental-health", "communities", "%", 1, "higher", "quarterly", "target", "mean", 5, "absolute", 100, 0, 4, 0, "poor"),
    # Planning and Growth: Development Management
    ("PLN01", "Major planning applications decided in time", "development-management", "economy", "%", 1, "higher", "quarterly", "target", "mean", 5, "absolute", 80, 1, 6, 0, "good"),
    ("PLN02", "Non-major planning applications decided in time", "development-management", "economy", "%", 1, "higher", "quarterly", "target", "mean", 5, "absolute", 85, 0, 4, 0, "drift"),
    ("PLN03", "Planning applications received", "development-management", "economy", "count", 0, "none", "monthly", "data only", "sum", 0, "percent", 120, -0.02, 12, 15, "volume"),
    ("PLN04", "Planning appeals allowed", "development-management", "economy", "%", 1, "lower", "annual", "target", "latest", 5, "absolute", 30, 0, 4, 0, "worsening"),
    # Planning and Growth: Economic Development
    ("ECO01", "Business start-ups supported", "economic-development", "economy", "count", 0, "higher", "quarterly", "target", "sum", 10, "percent", 120, 10, 5, 0, "edge"),
    ("ECO02", "Town centre vacant units", "economic-development", "economy", "%", 1, "lower", "annual", "target", "latest", 1, "absolute", 12, -0.5, 1, 0, "improving"),
    ("ECO03", "Footfall in the town centre", "economic-development", "economy", "count", 0, "none", "monthly", "data only", "sum", 0, "percent", 410_000, 0.02, 15_000, 40_000, "volume"),
    # A context indicator: the wider economy, outside the council's control (shown apart, never counted)
    ("ECO04", "Unemployment rate (claimants, % of residents aged 16-64)", "economic-development", "economy", "%", 1, "none", "monthly", "data only", "mean", 0, "percent", 3.6, 0.0, 0.15, 0.1, "volume"),
]

# Figures pinned to what real council reports published, so the demo shows the cases we test against.
PINNED = {
    # Average call wait 44 secs and calls abandoned 8.66% in one 2019/20 Q2 report.
    ("CS01", "2019-07"): 41, ("CS01", "2019-08"): 45, ("CS01", "2019-09"): 46,
    ("CS02", "2019-07"): 8.45, ("CS02", "2019-08"): 8.71, ("CS02", "2019-09"): 8.82,
    # Rent loss misses its quarter yet is on target year to date: Q1 0.57, Q2 0.85 -> YTD 0.71 against 0.75.
    ("HSG01", "2026/27 Q1"): 0.57, ("HSG01", "2026/27 Q2"): 0.85,
    ("HSG01", "2019/20 Q1"): 0.62, ("HSG01", "2019/20 Q2"): 0.80,
}
