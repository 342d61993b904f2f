# syntax=docker/dockerfile:1
# Build stage: full toolchain, compiles TypeScript.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY seeds ./seeds
RUN npm run build && npm prune --omit=dev

# Runtime stage: production dependencies and compiled output only, as a non-root user.
# It expects DATABASE_URL (a PostgreSQL server); the embedded database is for local development.
FROM node:24-bookworm-slim AS runtime
# DATA_DIR (local media when no S3 bucket is set) outside /app, which belongs to root: the app runs
# as `node` and could not create it there. Kubernetes mounts a volume on it (read-only root fs).
ENV NODE_ENV=production PORT=3000 SEED_DEMO_DATA=false DATA_DIR=/data
RUN mkdir -p /data && chown node:node /data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The gateway of a split serves the whole public contract at /docs-json (each process documents
# only its own routes).
COPY --chown=node:node openapi.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
