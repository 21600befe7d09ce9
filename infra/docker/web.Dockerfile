# The dashboard: static files served by nginx, which also forwards /api/* to the api.
FROM node:20-bookworm-slim AS build
ENV CI=true
RUN npm install --global --no-audit --no-fund pnpm@10.34.9
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm exec turbo run build --filter=@shakedown/web

FROM nginx:1.27-alpine
COPY infra/docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/apps/web/dist /usr/share/nginx/html
EXPOSE 8080
