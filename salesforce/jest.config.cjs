// Jest for the Lead page component, run by `npm run test:lwc` (sfdx-lwc-jest from this folder).
// The preset stubs the lightning/* modules and Lightning Data Service; the setup file gives the
// custom labels their deployed values, read from the generated CustomLabels file.
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  setupFilesAfterEnv: [...(jestConfig.setupFilesAfterEnv || []), '<rootDir>/jest/custom-labels.cjs'],
  testMatch: ['<rootDir>/lwc/**/__tests__/**/*.test.js'],
};
