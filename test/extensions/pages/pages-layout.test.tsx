import { EmptyState, Text } from '@hubspot/ui-extensions';
import { PageHeader, PageLink, PageTitle } from '@hubspot/ui-extensions/pages';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { textOf } from '../render-card.tsx';
import { funnelAll } from './marketer-fixtures.ts';
import { fakeMarketerBackend, jsonResponse, renderPages } from './render-pages.tsx';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('App Pages layout', () => {
  it("links the four pages from HubSpot's page header and above the content, the current one in bold", () => {
    fakeMarketerBackend(() => jsonResponse(funnelAll()));
    const pages = renderPages();

    const header = pages.find(PageHeader);
    expect(header.findAll(PageHeader.PageLink).map((link) => [link.props.to, textOf(link)])).toEqual([
      ['/', 'ファネル'],
      ['/feedback', '営業フィードバック'],
      ['/sla', 'SLA 遵守'],
      ['/kpi-tree', 'KPI ツリー'],
    ]);
    const links = pages.findAll(PageLink).map((link) => [link.props.to, textOf(link)]);
    expect(links).toEqual([
      ['/feedback', '営業フィードバック'],
      ['/sla', 'SLA 遵守'],
      ['/kpi-tree', 'KPI ツリー'],
    ]);
    expect(pages.find(PageTitle).text).toBe('ファネル');
    expect(pages.find(Text, (text) => text.props.format?.fontWeight === 'bold').text).toBe('ファネル');
  });

  it.each([
    ['/feedback', 'Sales feedback'],
    ['/sla', 'SLA compliance'],
    ['/kpi-tree', 'KPI tree'],
  ])('titles the page at %s', (path, title) => {
    fakeMarketerBackend(() => new Promise<Response>(() => undefined));
    const pages = renderPages({ path, locale: 'en-US' });

    expect(pages.find(PageTitle).text).toBe(title);
  });

  it('answers an unknown address in the user’s words, with a way back', () => {
    const pages = renderPages({ path: '/reports/old' });

    expect(pages.find(EmptyState).props.title).toBe('ページがありません');
    expect(pages.find(EmptyState).find(PageLink).props.to).toBe('/');
  });
});
