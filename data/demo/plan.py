"""The demo council's plan and risk register (deterministic): 15 objectives under the five priorities with the
measures that show their progress, 40 plan actions with milestones and two quarters of progress notes, and 15
risks (three per directorate) each with a mitigation action. Written by the same `store` an import uses."""

from __future__ import annotations

import random
from datetime import date

SEED = 1501
PERIODS = ("2026/27 Q1", "2026/27 Q2")
# the next review dates the first quarter's reviews set (the latest review sets each risk's own)
FIRST_REVIEWS = (date(2026, 7, 31), date(2026, 8, 31), date(2026, 6, 15))

# code, priority slug, title, measures that show progress towards it
OBJECTIVES = [
    ("ECO-1", "economy", "Support local businesses to start and grow", ["ECO01", "REV02"]),
    ("ECO-2", "economy", "Revitalise the town centre", ["ECO02"]),
    ("ECO-3", "economy", "A fast, fair planning service", ["PLN01", "PLN02", "PLN04"]),
    ("PLA-1", "places", "Recycle more and waste less", ["WST01", "WST02", "WST05"]),
    ("PLA-2", "places", "Clean streets and well-kept parks", ["STR01", "STR03", "WST03"]),
    ("PLA-3", "places", "Safer neighbourhoods", ["SAF03"]),
    ("HOM-1", "homes", "Prevent homelessness and end the use of bed and breakfast",
     ["HOM01", "HOM02", "HOM04"]),
    ("HOM-2", "homes", "Good quality, well-managed council homes", ["HSG01", "HSG03", "HSG04", "HSG05", "HSG06"]),
    ("HOM-3", "homes", "More affordable homes", ["HOM05"]),
    ("COM-1", "communities", "Healthy food and safe premises", ["EH01", "EH03"]),
    ("COM-2", "communities", "Green spaces people use and value", ["STR04"]),
    ("COM-3", "communities", "Resolve anti-social behaviour quickly", ["SAF01", "EH02"]),
    ("COU-1", "council", "Put the customer first", ["CS01", "CS02", "CS03", "CS04", "CS06"]),
    ("COU-2", "council", "Sound finances", ["FIN01", "FIN02", "FIN03", "FIN04", "REV01"]),
    ("COU-3", "council", "A skilled, healthy workforce", ["HR01", "HR02", "HR03", "HR04"]),
]

# code, objective, service slug, title
ACTIONS = [
    ("A-ECO-01", "ECO-1", "economic-development", "Launch the start-up grant scheme"),
    ("A-ECO-02", "ECO-1", "economic-development", "Business support hub outreach in every ward"),
    ("A-ECO-03", "ECO-1", "revenues-benefits", "Promote small business rate relief to eligible firms"),
    ("A-ECO-04", "ECO-2", "economic-development", "Town centre vacant units meanwhile-use programme"),
    ("A-ECO-05", "ECO-2", "economic-development", "Market square redesign: consultation and design"),
    ("A-ECO-06", "ECO-2", "development-management", "Adopt the town centre design code"),
    ("A-ECO-07", "ECO-3", "development-management", "Planning performance agreements for major sites"),
    ("A-ECO-08", "ECO-3", "development-management", "Move validation of applications online"),
    ("A-PLA-01", "PLA-1", "waste-recycling", "Roll out food waste collections to flats"),
    ("A-PLA-02", "PLA-1", "waste-recycling", "Recycling contamination campaign"),
    ("A-PLA-03", "PLA-1", "waste-recycling", "Procure the new recycling contract"),
    ("A-PLA-04", "PLA-2", "street-scene", "Fly-tipping enforcement partnership"),
    ("A-PLA-05", "PLA-2", "street-scene", "Replace litter bins in the top 20 hotspots"),
    ("A-PLA-06", "PLA-2", "waste-recycling", "Route optimisation for bin rounds"),
    ("A-PLA-07", "PLA-3", "community-safety", "Upgrade town centre CCTV to digital"),
    ("A-PLA-08", "PLA-3", "community-safety", "Community safety partnership plan refresh"),
    ("A-HOM-01", "HOM-1", "housing-options", "Open the family hostel to replace bed and breakfast"),
    ("A-HOM-02", "HOM-1", "housing-options", "Early help prevention service with advice partners"),
    ("A-HOM-03", "HOM-1", "housing-options", "Private rented sector access scheme"),
    ("A-HOM-04", "HOM-2", "housing-management", "Void turnaround improvement plan"),
    ("A-HOM-05", "HOM-2", "housing-management", "Stock condition survey of all council homes"),
    ("A-HOM-06", "HOM-2", "housing-management", "Damp and mould response standard"),
    ("A-HOM-07", "HOM-2", "housing-management", "Tenant satisfaction survey and action plan"),
    ("A-HOM-08", "HOM-3", "housing-options", "Deliver 120 affordable homes with housing partners"),
    ("A-HOM-09", "HOM-3", "development-management", "Affordable housing supplementary planning document"),
    ("A-COM-01", "COM-1", "environmental-health", "Clear the food inspection backlog"),
    ("A-COM-02", "COM-1", "environmental-health", "Food hygiene training for new businesses"),
    ("A-COM-03", "COM-2", "street-scene", "Green Flag applications for two more parks"),
    ("A-COM-04", "COM-2", "street-scene", "Play area renewal programme"),
    ("A-COM-05", "COM-3", "community-safety", "Single case management system for anti-social behaviour"),
    ("A-COM-06", "COM-3", "environmental-health", "Out-of-hours noise service"),
    ("A-COU-01", "COU-1", "customer-services", "Call-back and web chat in the contact centre"),
    ("A-COU-02", "COU-1", "customer-services", "Complaints handling code self-assessment"),
    ("A-COU-03", "COU-1", "digital-ict", "Online forms for the next twenty services"),
    ("A-COU-04", "COU-2", "finance", "Medium-term financial strategy refresh"),
    ("A-COU-05", "COU-2", "finance", "Deliver the savings programme's twelve workstreams"),
    ("A-COU-06", "COU-2", "revenues-benefits", "Council tax recovery improvement"),
    ("A-COU-07", "COU-3", "hr", "Attendance management policy and training"),
    ("A-COU-08", "COU-3", "hr", "Apprenticeship and graduate programme"),
    ("A-COU-09", "COU-3", "hr", "Agency worker reduction plan"),
]
# the actions past their due date on 1 December 2026 (unless completed)
LATE = {"A-ECO-05": date(2026, 9, 30), "A-HOM-01": date(2026, 11, 30), "A-COM-01": date(2026, 10, 31),
        "A-COU-05": date(2026, 9, 30)}
# 31 on track, 5 at risk, 2 off track, 2 completed, as the reports count them
STATUSES = ["on_track"] * 31 + ["at_risk"] * 5 + ["off_track"] * 2 + ["completed"] * 2
NOTES = {"on_track": "Progressing to plan; the next milestone is on schedule.",
         "at_risk": "Delivery is at risk: resources are stretched and the timetable is under review.",
         "off_track": "Behind plan: a recovery timetable goes to the portfolio holder this month.",
         "completed": "Completed and handed over to business as usual.",
         "not_started": "Not started yet: due to begin next quarter."}

# code, directorate slug, service slug, title, cause, effect, inherent (L, I), residual (L, I), objectives,
# measures, review date, mitigation
RISKS = [
    ("R-RES-01", "resources", "finance", "Funding gap in the medium-term financial plan",
     "Inflation and demand outstrip government funding", "Services cut at short notice; reserves drawn down",
     (5, 5), (4, 4), ["COU-2"], ["FIN03", "FIN04"], date(2026, 12, 31), "Savings programme and reserves strategy"),
    ("R-RES-02", "resources", "hr", "Cannot recruit and keep key staff",
     "A tight labour market for professional posts", "More agency spend; slower services",
     (4, 4), (3, 4), ["COU-3"], ["HR02", "FIN02"], date(2027, 1, 31), "Market supplements and a career grade scheme"),
    ("R-RES-03", "resources", "revenues-benefits", "Council tax collection falls",
     "Cost of living pressure on households", "Less income for the council and its preceptors",
     (3, 4), (2, 4), ["COU-2"], ["REV01"], date(2027, 2, 28), "Early reminders and payment arrangements"),
    ("R-CD-01", "customer-digital", "digital-ict", "Cyber attack disables key systems",
     "Ransomware and phishing aimed at councils", "Services offline for weeks; data lost",
     (4, 5), (3, 5), ["COU-1"], ["ICT01"], date(2026, 11, 30), "Multi-factor sign-in and tested backups"),
    ("R-CD-02", "customer-digital", "customer-services", "Contact centre cannot meet demand",
     "Calls rise with cost of living enquiries", "Long waits and abandoned calls",
     (4, 3), (3, 3), ["COU-1"], ["CS01", "CS02"], date(2027, 1, 15), "Call-back, web chat and peak staffing"),
    ("R-CD-03", "customer-digital", "digital-ict", "Legacy system fails before replacement",
     "Unsupported software in revenues and housing", "Manual workarounds and errors",
     (3, 4), (2, 3), ["COU-1"], [], date(2027, 3, 31), "Replacement programme with the supplier"),
    ("R-HC-01", "housing-communities", "housing-options", "Temporary accommodation costs overrun",
     "More households presenting as homeless", "Budget overspend; families in bed and breakfast",
     (5, 4), (4, 4), ["HOM-1"], ["HOM01", "HOM04"], date(2026, 12, 15), "Family hostel and prevention service"),
    ("R-HC-02", "housing-communities", "housing-management", "Damp and mould harm tenants' health",
     "Ageing stock and slow repairs", "Harm to tenants; regulator action",
     (4, 5), (2, 5), ["HOM-2"], ["HSG04", "HSG06"], date(2027, 1, 31), "Damp and mould response standard"),
    ("R-HC-03", "housing-communities", "community-safety", "Serious incident in the town centre at night",
     "Night-time economy and reduced police presence", "Harm to the public; loss of confidence",
     (3, 4), (2, 4), ["PLA-3", "COM-3"], ["SAF01"], date(2027, 2, 28), "CCTV upgrade and joint patrols"),
    ("R-PE-01", "place-environment", "waste-recycling", "Recycling contract procurement fails",
     "Few bidders in a volatile market", "Higher costs; lower recycling",
     (3, 4), (3, 3), ["PLA-1"], ["WST01"], date(2026, 10, 31), "Early market engagement and a fallback extension"),
    ("R-PE-02", "place-environment", "street-scene", "Severe weather damages parks and highways",
     "More frequent storms and flooding", "Closures and costly repairs",
     (3, 3), (3, 2), ["PLA-2", "COM-2"], ["STR03"], date(2027, 3, 31), "Adverse weather plan and tree surveys"),
    ("R-PE-03", "place-environment", "environmental-health", "Food outbreak linked to an uninspected premises",
     "A backlog of food hygiene inspections", "Illness; reputational damage",
     (3, 5), (2, 5), ["COM-1"], ["EH03"], date(2027, 1, 31), "Inspection backlog recovery plan"),
    ("R-PG-01", "planning-growth", "development-management", "Planning performance designation",
     "Too few major applications decided in time", "Applicants can bypass the council",
     (3, 4), (2, 3), ["ECO-3"], ["PLN01", "PLN02"], date(2027, 2, 28), "Planning performance agreements"),
    ("R-PG-02", "planning-growth", "economic-development", "Town centre decline accelerates",
     "Online shopping and store closures", "Empty units and less footfall",
     (4, 3), (3, 3), ["ECO-2"], ["ECO02"], date(2027, 1, 31), "Meanwhile-use programme and market redesign"),
    ("R-PG-03", "planning-growth", "development-management", "Five-year housing land supply not shown",
     "Sites stall in a weak housing market", "Speculative development allowed on appeal",
     (4, 4), (3, 4), ["HOM-3", "ECO-3"], ["PLN04"], date(2026, 11, 15), "Local plan review and site delivery team"),
]


def build(directorates, owner_of: dict[str, str]) -> dict:
    """{"objectives", "plan_actions", "milestones", "risks"} rows for `store` (names, not slugs)."""
    rng = random.Random(SEED)
    priority = {"economy": "A thriving local economy", "places": "Clean, green and safe places",
                "homes": "Homes for everyone", "communities": "Healthy, connected communities",
                "council": "An efficient, modern council"}
    place = {s: (dname, sname) for _, dname, _, services in directorates for s, sname in services}
    directorate_name = {slug: dname for slug, dname, _, _ in directorates}
    objectives = [{"code": code, "priority": priority[p], "title": title, "description": None, "measures": codes}
                  for code, p, title, codes in OBJECTIVES]
    statuses = STATUSES[:]
    rng.shuffle(statuses)
    actions, milestones = [], []
    for n, ((code, objective, service, title), status) in enumerate(zip(ACTIONS, statuses)):
        start = date(2025, 4 + (n % 3) * 3, 1)
        due = LATE.get(code) or date(2027, [3, 6, 9, 12][n % 4], 30 if n % 4 in (1, 2) else 31)
        percent = {"completed": 100, "on_track": 40 + 5 * (n % 10), "at_risk": 30 + 5 * (n % 5),
                   "off_track": 15 + 5 * (n % 3)}[status]
        earlier = "on_track" if status in ("at_risk", "off_track", "completed") else status
        dname, sname = place[service]
        row = {"code": code, "title": title, "kind": "plan", "objective": objective, "measure": None, "risk": None,
               "directorate": dname, "service": sname, "owner": owner_of[service], "start_date": start,
               "due_date": due}
        actions.append({**row, "status": earlier, "percent": max(percent - 20, 0), "period": PERIODS[0],
                        "note": NOTES[earlier]})
        actions.append({**row, "status": status, "percent": percent, "period": PERIODS[1], "note": NOTES[status]})
        if n % 2 == 0:
            halfway = date(start.year + (start.month > 6), 1 if start.month > 6 else 10, 31)
            milestones.append((code, "Project plan agreed", date(start.year, start.month, 28), start))
            milestones.append((code, "Halfway review", halfway, halfway if status == "completed" or n % 8 else None))
    risks = []
    for n, (code, d, service, title, cause, effect, inherent, residual, objs, measures, review,
            mitigation) in enumerate(RISKS):
        dname, sname = place[service]
        first = {"code": code, "title": title, "cause": cause, "effect": effect, "owner": owner_of[service],
                 "directorate": directorate_name[d], "service": sname, "inherent_likelihood": inherent[0],
                 "inherent_impact": inherent[1], "residual_likelihood": min(residual[0] + (n % 3 == 0), 5),
                 "residual_impact": residual[1], "review_date": FIRST_REVIEWS[n % len(FIRST_REVIEWS)],
                 "objectives": objs, "measures": measures, "period": PERIODS[0],
                 "note": "Reviewed by the directorate management team."}
        if n % 5 != 4:           # a risk in five is first registered in the latest quarter
            risks.append(first)
        risks.append({"code": code, "title": title, "cause": cause, "effect": effect, "owner": owner_of[service],
                      "directorate": directorate_name[d], "service": sname, "inherent_likelihood": inherent[0],
                      "inherent_impact": inherent[1], "residual_likelihood": residual[0],
                      "residual_impact": residual[1], "review_date": review, "objectives": objs,
                      "measures": measures, "period": PERIODS[1],
                      "note": "Reviewed by the directorate management team."})
        status = ["on_track", "on_track", "at_risk"][n % 3]
        actions.append({"code": f"M-{code[2:]}", "title": mitigation, "kind": "mitigation", "objective": None,
                        "measure": None, "risk": code, "directorate": dname, "service": sname,
                        "owner": owner_of[service], "start_date": date(2026, 4, 1),
                        "due_date": date(2027, 3, 31), "status": status, "percent": 50 if status == "on_track" else 25,
                        "period": PERIODS[1], "note": NOTES[status]})
    return {"objectives": objectives, "plan_actions": actions, "milestones": milestones, "risks": risks}
