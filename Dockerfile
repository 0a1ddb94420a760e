# syntax=docker/dockerfile:1
# Build stage: compile the native SQLite addon and install production dependencies only.
FROM node:24-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Runtime stage: no compilers, no dev dependencies, no secrets (configure with -e / --env-file).
FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    DATABASE_PATH=/data/bot.sqlite \
    PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY prompts ./prompts
COPY config ./config
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# tsx (a production dependency) runs the TypeScript sources directly: no build step to drift from the tests.
CMD ["node", "--import", "tsx", "src/main.ts"]
