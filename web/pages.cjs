// What the gateway serves: the built pages (index.html, console.html and their hashed assets).
exports.webPagesDirectory = require('node:path').join(__dirname, 'dist');
