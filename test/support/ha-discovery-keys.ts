// The keys Home Assistant documents for MQTT device discovery and the three platforms Morpheus
// announces (home-assistant.io: source/_integrations/mqtt.markdown §Device discovery payload,
// select.mqtt.markdown, sensor.mqtt.markdown, button.mqtt.markdown), full names only. HA ignores
// unknown keys, so a misspelt key would fail silently there: the tests check against this list.

const AVAILABILITY = ['availability', 'availability_mode', 'availability_template', 'availability_topic', 'payload_available', 'payload_not_available'];

const ENTITY = [
  ...AVAILABILITY,
  'platform',
  'unique_id',
  'name',
  'icon',
  'entity_category',
  'entity_picture',
  'enabled_by_default',
  'default_entity_id',
  'object_id',
  'json_attributes_topic',
  'json_attributes_template',
  'qos',
  'encoding',
];

export const DOCUMENTED_COMPONENT_KEYS: Readonly<Record<string, ReadonlySet<string>>> = {
  select: new Set([...ENTITY, 'command_topic', 'command_template', 'options', 'optimistic', 'retain', 'state_topic', 'value_template']),
  sensor: new Set([
    ...ENTITY,
    'state_topic',
    'value_template',
    'device_class',
    'state_class',
    'unit_of_measurement',
    'suggested_display_precision',
    'expire_after',
    'force_update',
    'last_reset_value_template',
    'options',
  ]),
  button: new Set([...ENTITY, 'command_topic', 'command_template', 'payload_press', 'device_class', 'retain']),
};

export const REQUIRED_COMPONENT_KEYS: Readonly<Record<string, readonly string[]>> = {
  select: ['platform', 'unique_id', 'command_topic', 'options'],
  sensor: ['platform', 'unique_id', 'state_topic'],
  button: ['platform', 'unique_id', 'command_topic'],
};

/** Options the device payload may share at its root, besides `device`, `origin` and `components`. */
export const DOCUMENTED_ROOT_KEYS: ReadonlySet<string> = new Set([
  ...AVAILABILITY,
  'device',
  'origin',
  'components',
  'command_topic',
  'state_topic',
  'qos',
  'encoding',
]);

export const DOCUMENTED_DEVICE_KEYS: ReadonlySet<string> = new Set([
  'identifiers',
  'connections',
  'name',
  'manufacturer',
  'model',
  'model_id',
  'sw_version',
  'hw_version',
  'serial_number',
  'configuration_url',
  'suggested_area',
  'via_device',
]);

export const DOCUMENTED_ORIGIN_KEYS: ReadonlySet<string> = new Set(['name', 'sw_version', 'support_url']);

export const DOCUMENTED_AVAILABILITY_KEYS: ReadonlySet<string> = new Set(['topic', 'payload_available', 'payload_not_available', 'value_template']);

/** Entity categories HA accepts; a sensor may only be `diagnostic`. */
export const ENTITY_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  select: ['config', 'diagnostic'],
  sensor: ['diagnostic'],
  button: ['config', 'diagnostic'],
};
