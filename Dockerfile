# payesh with Debian's Chromium. Runs as a non-root user so Chromium keeps its sandbox.
FROM node:20-bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium ca-certificates fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*

ENV CHROME_PATH=/usr/bin/chromium \
    NODE_ENV=production

WORKDIR /opt/payesh
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .

RUN useradd --create-home --uid 10001 payesh && mkdir -p /data && chown payesh /data
USER payesh
WORKDIR /data

ENTRYPOINT ["node", "/opt/payesh/bin/payesh.mjs"]
CMD ["--help"]
