// A task that does nothing, to measure the sandbox runtime's own overhead per job.
exports.noop = {
  name: 'noop',
  description: 'does nothing',
  queue: 'bench',
  frequency: 0,
  run(_api, _params, next) {
    next();
  },
};
