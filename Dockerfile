# syntax=docker/dockerfile:1
# Build: compile TypeScript (better-sqlite3 builds its native addon here).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY proto ./proto
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Run: the compiled service, non-root. No HEALTHCHECK: orchestrators probe the gRPC health
# service (grpc.health.v1.Health) instead.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
  PROMISE_ADDRESS=0.0.0.0:50051 \
  PROMISE_SQLITE_PATH=/app/data/promise.db
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY proto ./proto
COPY samples ./samples
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
EXPOSE 50051
CMD ["node", "dist/src/main.js"]
