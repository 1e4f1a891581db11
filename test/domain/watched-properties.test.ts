import { describe, expect, it } from 'vitest';
import {
  CREATION_PROPERTIES,
  OWNER_PROPERTY,
  trackedContactProperties,
  unsubscribedProperties,
  watchedProperties,
} from '../../src/domain/watched-properties.ts';

describe('watchedProperties', () => {
  it('watches what the definitions read, then the owner and the funnel, each once', () => {
    const watched = watchedProperties({
      propertiesRead: ['industry', 'hubspot_owner_id', 'hubspotscore'],
      funnel: { channelProperty: 'hs_analytics_source' },
    });

    expect(watched).toEqual([
      'industry',
      'hubspot_owner_id',
      'hubspotscore',
      'hs_analytics_source',
      'lifecyclestage',
      'hs_lifecyclestage_opportunity_date',
      'hs_lifecyclestage_customer_date',
    ]);
  });

  it('watches the owner even when the handoff rule reads another property', () => {
    expect(
      watchedProperties({ propertiesRead: ['lead_assignee'], funnel: { channelProperty: 'utm_source' } }),
    ).toContain(OWNER_PROPERTY);
  });

  it('watches the channel property the funnel section names', () => {
    expect(
      watchedProperties({ propertiesRead: ['industry'], funnel: { channelProperty: 'utm_source' } }),
    ).toContain('utm_source');
  });

  it('reads the properties set at creation without watching them', () => {
    const definitions = { propertiesRead: ['industry'], funnel: { channelProperty: 'hs_analytics_source' } };

    expect(trackedContactProperties(definitions)).toEqual([
      ...watchedProperties(definitions),
      ...CREATION_PROPERTIES,
    ]);
    expect(watchedProperties(definitions)).not.toContain('createdate');
  });
});

describe('unsubscribedProperties', () => {
  it('names the watched properties no subscription covers, in the watched order', () => {
    expect(unsubscribedProperties(['a', 'b', 'c'], ['c', 'x'])).toEqual(['a', 'b']);
  });

  it('is empty when every watched property is covered', () => {
    expect(unsubscribedProperties(['a', 'b'], ['b', 'a', 'z'])).toEqual([]);
  });
});
