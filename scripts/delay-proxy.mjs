// A TCP relay on 127.0.0.1 that adds a fixed one-way delay to every chunk in both directions and to
// the connection set-up, so benchmarks can compare tools at a WAN-like round-trip time without
// leaving loopback (this machine has no netem). Used by scripts/bench.mjs --rtt MS.
import { createServer, connect } from 'node:net';

/** Starts the relay in front of 127.0.0.1:targetPort; resolves { port, close() }. */
export function startDelayProxy(targetPort, rttMs) {
  const oneWay = rttMs / 2;
  const sockets = new Set();
  const server = createServer((client) => {
    sockets.add(client);
    client.pause();
    // the server's SYN-ACK would come one RTT later: open the upstream after one round trip
    setTimeout(() => {
      const upstream = connect({ host: '127.0.0.1', port: targetPort }, () => client.resume());
      sockets.add(upstream);
      const pipe = (from, to) => {
        from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), oneWay));
        from.on('end', () => setTimeout(() => to.end(), oneWay));
        from.on('error', () => setTimeout(() => to.destroy(), oneWay));
        from.on('close', () => sockets.delete(from));
      };
      pipe(client, upstream);
      pipe(upstream, client);
    }, rttMs);
    client.on('error', () => undefined);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        close: () =>
          new Promise((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      }),
    ),
  );
}
