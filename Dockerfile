# The service as a container image: built in one stage, run from a second with production
# dependencies only, as the unprivileged `node` user. See docs/operations.md (compose.yaml).
#   docker build --build-arg GIT_COMMIT=$(git rev-parse HEAD) -t intervention-marketplace .

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY scripts ./scripts
COPY migrations ./migrations
COPY src ./src
ARG GIT_COMMIT
# npm run build writes dist/build-info.json (build time and this commit) for /info.
RUN GIT_COMMIT="${GIT_COMMIT}" npm run build

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
 && mkdir -p /data && chown node:node /data
COPY --from=build /app/dist ./dist
ARG GIT_COMMIT
ENV GIT_COMMIT=${GIT_COMMIT}
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health/liveness').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
