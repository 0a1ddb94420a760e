# syntax=docker/dockerfile:1
# Build stage: compile the native SQLite addon and the TypeScript (dev dependencies needed for tsc), then
# drop the dev dependencies so node_modules can be copied into the runtime image as it is.
FROM node:24-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# patches/ is applied by npm ci's postinstall (patch-package, a dev dependency: hence the full install, then prune).
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: compiled JavaScript run by plain node (no transpiler at run time), no compilers,
# no dev dependencies, no secrets (configure with -e / --env-file).
FROM node:24-slim AS runtime
# MALLOC_ARENA_MAX=2: glibc otherwise gives each worker thread its own malloc arenas (~9 MB RSS with 1,000 groups).
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    DATABASE_PATH=/data/bot.sqlite \
    PORT=8080
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# package.json carries "type": "module"; prompts/ and config/ are read at run time, found from dist/ as ../prompts and ../config.
COPY package.json ./
COPY prompts ./prompts
COPY config ./config
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# A 1 MB semi-space (young generation) keeps an idle bot's heap small; bench:bot latency is unchanged (README).
CMD ["node", "--max-semi-space-size=1", "dist/main.js"]
