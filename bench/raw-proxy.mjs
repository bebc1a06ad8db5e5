// The baseline the gateway is measured against: a plain node:http reverse proxy with a keep-alive agent,
// no body parsing, no auth, no usage capture. Usage: node bench/raw-proxy.mjs <listen-port> <upstream-url>
import http from 'node:http';

const [port, upstreamUrl] = [Number(process.argv[2] ?? 8081), new URL(process.argv[3] ?? 'http://127.0.0.1:8090')];
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const server = http.createServer((req, res) => {
  const upstream = http.request(
    {
      host: upstreamUrl.hostname,
      port: upstreamUrl.port,
      path: upstreamUrl.pathname.replace(/\/$/, '') + req.url,
      method: req.method,
      headers: req.headers,
      agent,
    },
    (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`raw proxy on http://127.0.0.1:${port} -> ${upstreamUrl.href}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
