// The one data model shared by collectors/ and src/: import from here.
export * from './check-schema.ts';
export * from './checks/base-check.ts';
export * from './checks/command-check.ts';
export * from './checks/host-check.ts';
export * from './checks/http-check.ts';
export * from './checks/tcp-check.ts';
export * from './config-schema.ts';
export * from './duration.ts';
export * from './snapshot.ts';
export * from './status.ts';
export * from './thresholds.ts';
