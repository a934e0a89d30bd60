// An HTTP/2 endpoint over TLS for CurlDispatcher's test (Node's node:http2; libmicrohttpd has no
// HTTP/2): answers every request 204 and prints, per request, the HTTP version it came over and
// how many TLS sessions (connections) it has seen, so the test can tell HTTP/2 multiplexing from
// one connection per request. HTTP/1.1 is allowed too, so that a client not negotiating h2 shows
// as "1.1" rather than as a failure.
//   node h2_endpoint.js CERT_PEM KEY_PEM   -> "listening <port>", then "request <version> <sessions>"
'use strict';
const fs = require('node:fs');
const http2 = require('node:http2');

const [cert, key] = process.argv.slice(2);
let sessions = 0;
const server = http2.createSecureServer(
    {cert: fs.readFileSync(cert), key: fs.readFileSync(key), allowHTTP1: true});
server.on('secureConnection', () => { ++sessions; });
server.on('request', (req, res) => {
  req.resume();
  req.on('end', () => {
    console.log(`request ${req.httpVersion} ${sessions}`);
    res.writeHead(204);
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
