// What the store service serves: the built page (index.html and its hashed assets).
exports.tillPagesDirectory = require('node:path').join(__dirname, 'dist');
