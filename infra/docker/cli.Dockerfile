# The shakedown CLI as an image, for CI systems that prefer images to `npx`. Built from the
# repository root: docker build -f infra/docker/cli.Dockerfile -t shakedown-cli .
# The runtime stage holds what `npm install -g` of the published package holds: the two bundles
# and no dependency. Use: docker run --rm -v "$PWD:/work" shakedown-cli run -c shakedown.yml
FROM node:20-bookworm-slim AS build
ENV CI=true
RUN npm install --global --no-audit --no-fund pnpm@10.34.9
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm exec turbo run build --filter=@shakedown/cli
RUN cd apps/cli && npm pack --pack-destination /tmp/pack

FROM node:20-bookworm-slim
COPY --from=build /tmp/pack /tmp/pack
RUN npm install --global --no-audit --no-fund /tmp/pack/shakedown-cli-*.tgz && rm -rf /tmp/pack
USER node
WORKDIR /work
ENTRYPOINT ["shakedown"]
CMD ["--help"]
