# syntax=docker/dockerfile:1
# kassa-ledger: the API (and the ledger-cli, in the same image).
#   docker build -t kassa-ledger .
# Pin NODE_IMAGE to a digest (node:20-slim@sha256:…) for reproducible production builds.
ARG NODE_IMAGE=node:20-slim

# ---- build: all dependencies, compile TypeScript, then drop the dev dependencies ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# SCARF_ANALYTICS: a dependency's install script would otherwise report the install to a third party.
ENV NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false NPM_CONFIG_UPDATE_NOTIFIER=false SCARF_ANALYTICS=false
# The lockfile alone first, so the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build && npm prune --omit=dev

# ---- runtime: compiled output and production dependencies only, as a non-root user ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/.data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# DATA_DIR is used only by the embedded default (no DATABASE_URL); it must be writable by `node`.
RUN mkdir -p /app/.data && chown node:node /app/.data
# The official image's `node` user (uid 1000): never run the service as root.
USER node
EXPOSE 3000
# Liveness only (/health); readiness (/ready) is for load balancers and orchestrators.
# The slim image has no curl: Node's own fetch does the probe.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# exec form: node is PID 1 and receives SIGTERM itself, so the service shuts down cleanly.
CMD ["node", "--max-old-space-size=192", "dist/apps/ledger-api/src/main.js"]
