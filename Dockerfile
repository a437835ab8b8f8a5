# Morpheus worker/CLI image. Debian (glibc), not Alpine: the Temporal worker's native addon
# (@temporalio/core-bridge) ships prebuilt binaries for glibc only.
#
#   docker build -t morpheus .
#   docker run --rm morpheus --help
#
# The image holds no config and no secret: mount the config (MORPHEUS_CONFIG) and pass
# PROXMOX_API_TOKEN at run time (see docker-compose.yml and docs/deployment.md).

FROM node:20-bookworm-slim AS build
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

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
USER node
ENTRYPOINT ["node", "bin/morpheus.js"]
CMD ["--help"]
