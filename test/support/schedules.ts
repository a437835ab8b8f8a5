/** `morpheus schedule add` for the README's VR evening, as several tests make it. */
export const ADD_VR_FRIDAY = [
  'schedule',
  'add',
  'vr-friday',
  '--mode',
  'windowsvrstreaming',
  '--cron',
  '0 19 * * FRI',
  '--timezone',
  'Europe/Amsterdam',
  '--note',
  'VR night',
];
