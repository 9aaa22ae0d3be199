/** The repository cannot be published from as set up (not a checkout, no such remote, detached HEAD): exit 1. */
export class PublishSetupError extends Error {
  override name = 'PublishSetupError';
}
