# The dashboard as a slim, non-root image: `gunicorn -c gunicorn.conf.py` on port 8050. Migrations are a release
# step (compose.yaml's `migrate` service, or `flask --app app init-db`), never part of starting a server.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements.txt /tmp/requirements.txt
RUN python -m venv /venv && /venv/bin/pip install -r /tmp/requirements.txt

FROM python:3.11-slim
# WeasyPrint (the PDF report pack) loads pango and harfbuzz at import; DejaVu is the pack's font.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --no-create-home --home-dir /app app
COPY --from=build /venv /venv
WORKDIR /app
COPY . .
# Produced report packs and background jobs' state: the app user's own (compose mounts a shared volume there).
RUN mkdir -p /app/instance/reports /app/instance/background && chown -R app /app/instance
ENV PATH=/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    ENVIRONMENT=production BIND=0.0.0.0:8050 WORKERS=2
USER app
EXPOSE 8050
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8050/health', timeout=4)"]
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
