"""Embeds: published figures only, whoever asks; the only routes other sites may frame, and only the sites in
EMBED_ALLOWED_ORIGINS; every other route still refuses framing."""

from __future__ import annotations

import pytest

from tests.api.conftest import CODE, HOUSING, PUBLIC_NOTE, SECRETS
from tests.security.test_security import PASSWORD

COUNCIL_SITE = "https://www.council.gov.uk"
EMBEDS = [f"/embed/measure/{CODE}", f"/embed/directorate/{HOUSING}", f"/embed/measure/{CODE}?period=2026/27 Q2",
          f"/embed/directorate/{HOUSING}?period=2026/27 Q2"]
OTHER_ROUTES = ["/", f"/measure/{CODE}", "/login", "/api/v1/measures", "/api/v1/openapi.json", "/health",
                "/embedded", "/api/v1/embed"]


def frame_ancestors(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors"))


def test_embeds_may_be_framed_by_the_allowed_sites_only(client, monkeypatch):
    monkeypatch.setenv("EMBED_ALLOWED_ORIGINS", f"{COUNCIL_SITE}, https://intranet.council.gov.uk:8443 * javascript:x")
    for path in EMBEDS:
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert frame_ancestors(answer) == f"frame-ancestors {COUNCIL_SITE} https://intranet.council.gov.uk:8443"
        assert "X-Frame-Options" not in answer.headers
        assert "<script" not in answer.get_data(as_text=True) and "Set-Cookie" not in answer.headers
    for path in OTHER_ROUTES:
        answer = client.get(path)
        assert frame_ancestors(answer) == "frame-ancestors 'none'", path
        assert answer.headers["X-Frame-Options"] == "DENY", path


def test_without_an_allow_list_nobody_may_frame_an_embed(client, monkeypatch):
    for setting in ("", "*", "not a site"):
        monkeypatch.setenv("EMBED_ALLOWED_ORIGINS", setting)
        answer = client.get(EMBEDS[0])
        assert frame_ancestors(answer) == "frame-ancestors 'none'" and answer.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("signed_in", [False, True])
def test_embeds_show_published_figures_only_even_to_an_officer(client, signed_in):
    if signed_in:
        client.get("/login")
        token = client.get_cookie("_csrf_token").value
        done = client.post("/auth/sign-in", data={"username": "olga", "password": PASSWORD, "csrf_token": token})
        assert done.status_code == 303
        assert "2026/27 Q2" in client.get("/api/v1/periods").get_data(as_text=True)   # the officer sees Q2 ...
    for path in EMBEDS:
        body = client.get(path).get_data(as_text=True)
        assert [s for s in SECRETS if s in body] == [], path                            # ... the embed never does
    card = client.get(EMBEDS[0]).get_data(as_text=True)
    assert "2026/27 Q1" in card and PUBLIC_NOTE in card
    assert "On target" in card or "Below target" in card or "Within tolerance" in card   # words, not colour alone


def test_unknown_embeds_are_404(client):
    assert client.get("/embed/measure/NOPE").status_code == 404
    assert client.get("/embed/directorate/nowhere").status_code == 404
