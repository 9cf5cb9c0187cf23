# payesh with Debian's Chromium and Firefox ESR (the cross-browser check).
#
#   docker build -t payesh .
#   docker run --rm --shm-size=1g --user "$(id -u):$(id -g)" -v "$PWD:/data" payesh audit agencies.csv
#
# --shm-size: Chromium keeps rendering buffers in /dev/shm; Docker's default 64 MB makes pages crash.
# --user: write the database and reports into the mounted folder as its owner (any uid works: HOME is /tmp).
FROM node:20-bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium firefox-esr ca-certificates fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*

# Docker's default seccomp profile blocks the user namespaces Chromium's sandbox needs; the container is
# the isolation boundary, so payesh starts Chromium with --no-sandbox here (PAYESH_CHROMIUM_SANDBOX=0).
ENV CHROME_PATH=/usr/bin/chromium \
    FIREFOX_PATH=/usr/bin/firefox-esr \
    PAYESH_CHROMIUM_SANDBOX=0 \
    HOME=/tmp \
    NODE_ENV=production

WORKDIR /opt/payesh
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .

# A default non-root user; --user overrides it to match the mounted folder's owner.
RUN useradd --create-home --uid 10001 payesh && mkdir -p /data && chown payesh /data && chmod 1777 /data
USER payesh
WORKDIR /data

ENTRYPOINT ["node", "/opt/payesh/bin/payesh.mjs"]
CMD ["--help"]
