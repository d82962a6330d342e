# One image for every Fareflow service; docker-compose.yml picks the entry point per container.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY ingest/package.json ingest/
COPY aggregator/package.json aggregator/
COPY predictor/package.json predictor/
COPY order/package.json order/
COPY availability-api/package.json availability-api/
COPY cli/package.json cli/
COPY console/package.json console/
RUN npm ci --no-audit --no-fund
COPY . .
ENTRYPOINT ["node", "--import", "tsx"]
