"""The container files say what the README promises: a slim non-root image serving with gunicorn.conf.py, and a
compose file with PostgreSQL, Redis, a migration release step, two app replicas and nginx. (No Docker daemon
runs here, so these are read, not run; the two-host test runs the same proxy rules and gunicorn settings.)"""

from __future__ import annotations

import re

import yaml

from benchmarks.server import ROOT

COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]


def test_compose_has_the_database_the_cache_a_release_step_two_replicas_and_a_proxy():
    assert set(SERVICES) == {"postgres", "redis", "migrate", "app", "worker", "notifications", "proxy"}
    assert "send-notifications" in " ".join(SERVICES["notifications"]["command"])   # alerts and digests due
    assert SERVICES["app"]["deploy"]["replicas"] == 2
    assert SERVICES["migrate"]["command"] == ["flask", "--app", "app", "init-db"]
    assert "command" not in SERVICES["app"]   # the image's gunicorn: no migration inside every start
    assert SERVICES["app"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert "/ready" in " ".join(SERVICES["app"]["healthcheck"]["test"])
    # The report packs' Celery worker writes the files every replica serves: one shared volume.
    assert SERVICES["worker"]["command"][:3] == ["celery", "-A", "app:celery_app"]
    assert SERVICES["worker"]["volumes"] == SERVICES["app"]["volumes"] == ["reports:/app/instance/reports"]


def test_every_app_container_shares_one_secret_and_trusts_only_the_proxy():
    for name in ("app", "migrate", "worker", "notifications"):
        env = SERVICES[name]["environment"]
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?") and env["ENVIRONMENT"] == "production"
        assert env["TRUSTED_PROXIES"] == SERVICES["proxy"]["networks"]["backend"]["ipv4_address"]
        assert env["REDIS_URL"].startswith("redis://redis:") and "@postgres:5432/" in env["DATABASE_URL"]


def test_the_proxy_uses_the_rules_the_two_host_test_runs():
    mounts = {m.split(":")[0] for m in SERVICES["proxy"]["volumes"]}
    assert mounts == {"./deploy/nginx.conf", "./deploy/proxy.conf"}
    assert "include /etc/nginx/proxy.conf;" in (ROOT / "deploy" / "nginx.conf").read_text()


def test_the_image_is_slim_runs_as_a_user_and_serves_with_the_gunicorn_settings():
    dockerfile = (ROOT / "Dockerfile").read_text()
    final = dockerfile.split("\nFROM ")[-1]
    assert final.startswith("python:3.11-slim")
    assert re.search(r"^USER app$", final, re.M) and "useradd --system" in final
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py"]' in final and "init-db" not in final.split("CMD")[-1]
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", ".git", "instance", "tests"} <= set(ignored)


def test_each_worker_freezes_what_it_loaded_from_the_garbage_collector():
    """gunicorn.conf.py's post_worker_init moves what the loaded app holds into the permanent generation, so a full
    collection no longer walks it in the middle of a request."""
    import gc
    import importlib.util

    spec = importlib.util.spec_from_file_location("gunicorn_settings", ROOT / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        conf.post_worker_init(None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
