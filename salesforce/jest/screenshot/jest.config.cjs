// The screenshot's render step (npm run salesforce:screenshot): the component tests' setup, but
// only the files that write the rendered states as HTML.
const base = require('../../jest.config.cjs');

module.exports = { ...base, testMatch: ['<rootDir>/jest/screenshot/*.render.js'] };
