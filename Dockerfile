# Morpheus worker/CLI image. Debian (glibc), not Alpine: the Temporal worker's native addon
# (@temporalio/core-bridge) ships prebuilt binaries for glibc only. Node 24 LTS on Debian 13.
#
#   docker build -t morpheus .
#   docker run --rm morpheus --help
#
# The image holds no config and no secret: mount the config (MORPHEUS_CONFIG) and the token secret as a
# file (api_token_secret_file; a compose or Docker secret) at run time. See docker-compose.yml and
# docs/deployment.md.

FROM node:24-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json ./
COPY bin ./bin
COPY scripts ./scripts
COPY src ./src
# tsc into dist/, then the pre-built workflow bundle (dist/workflow-bundle.js) so the worker starts fast.
RUN bash scripts/build.sh \
 && npm prune --omit=dev --no-audit --no-fund --loglevel=error

FROM node:24-trixie-slim
# tini as PID 1: forwards SIGTERM to Node (which then drains the worker) and reaps child processes such
# as an embedded Temporal dev server. ca-certificates: the worker's native gRPC client needs the
# system CA store, even to reach Temporal without TLS.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
# The base image's unprivileged user (uid 1000); a mounted config or secret file must be readable by it.
USER node
ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/morpheus.js"]
CMD ["worker", "--metrics", "127.0.0.1:9464"]
# Healthy while the worker polls and Temporal answers (/healthz). A container that runs another
# command (`docker run --rm morpheus mode list`) ends long before the first check.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "dist/src/worker/health-probe.js", "http://127.0.0.1:9464/healthz"]
