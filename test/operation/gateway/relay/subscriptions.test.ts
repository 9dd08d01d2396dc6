import { describe, expect, it } from 'vitest';

import { SubscriptionTable } from '../../../../src/operation/gateway/relay/subscriptions.js';

describe('SubscriptionTable', () => {
  it('does not unsubscribe upstream while another session still follows the resource', () => {
    const table = new SubscriptionTable();
    expect(table.add('ann', 'alpha', 'file:///a')).toBe(true);
    expect(table.add('bob', 'alpha', 'file:///a')).toBe(false);
    expect(table.remove('ann', 'alpha', 'file:///a')).toBe(false);
    expect(table.subscribers('alpha', 'file:///a')).toEqual(['bob']);
    expect(table.remove('bob', 'alpha', 'file:///a')).toBe(true);
    expect(table.subscribers('alpha', 'file:///a')).toEqual([]);
  });

  it('ignores removing what was never added, and adding twice counts once', () => {
    const table = new SubscriptionTable();
    expect(table.remove('ann', 'alpha', 'file:///a')).toBe(false);
    table.add('ann', 'alpha', 'file:///a');
    expect(table.add('ann', 'alpha', 'file:///a')).toBe(false);
    expect(table.remove('bob', 'alpha', 'file:///a')).toBe(false);
    expect(table.remove('ann', 'alpha', 'file:///a')).toBe(true);
  });

  it('keeps servers and URIs apart, even when their text could run together', () => {
    const table = new SubscriptionTable();
    table.add('ann', 'a', 'bc');
    table.add('bob', 'ab', 'c');
    expect(table.subscribers('a', 'bc')).toEqual(['ann']);
    expect(table.subscribers('ab', 'c')).toEqual(['bob']);
    expect(table.urisOf('a')).toEqual(['bc']);
  });

  it('drops a closed session and returns only the subjects nobody follows any more', () => {
    const table = new SubscriptionTable();
    table.add('ann', 'alpha', 'x://1');
    table.add('ann', 'alpha', 'x://2');
    table.add('bob', 'alpha', 'x://2');
    table.add('ann', 'beta', 'y://1');
    expect(table.removeSession('ann')).toEqual([
      { serverKey: 'alpha', uri: 'x://1' },
      { serverKey: 'beta', uri: 'y://1' },
    ]);
    expect(table.urisOf('alpha')).toEqual(['x://2']);
    expect(table.removeSession('ann')).toEqual([]);
  });

  it('lists the URIs to subscribe again after a server reconnects, URIs with separators included', () => {
    const table = new SubscriptionTable();
    table.add('ann', 'alpha', 'file:///a b?c=d#e');
    table.add('ann', 'alpha', 'gatehouse://beta/x');
    table.add('ann', 'beta', 'z://1');
    expect(table.urisOf('alpha').sort()).toEqual(['file:///a b?c=d#e', 'gatehouse://beta/x']);
  });
});
