# ccgraph gateway image. Untested in the development sandbox (no docker there): see docs/operations.md.
# Build: docker build -t ccgraph .      Run: docker run -p 4000:4000 --env-file ccgraph.env ccgraph
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only (tsx runs the TypeScript sources; no build step).
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=4000 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json schema.graphql ./
COPY src ./src
USER node
EXPOSE 4000
# /ready turns 503 while draining, so an orchestrator stops routing before SIGTERM's graceful close ends.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node is PID 1 and handles SIGTERM itself (src/main.ts: drain, close websockets, stop pollers).
CMD ["node", "--max-semi-space-size=32", "--import", "tsx", "src/main.ts"]
