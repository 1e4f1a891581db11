// The Salesforce API version used when SALESFORCE_API_VERSION is unset. Always explicit: jsforce
// would otherwise call API version 50.0. 62.0 is Winter '25, served by every current org.
export const DEFAULT_API_VERSION = '62.0';
