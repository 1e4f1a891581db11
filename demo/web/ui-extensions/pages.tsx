// The preview's stand-in for `@hubspot/ui-extensions/pages`: the App Pages router (routes with
// `:params`, nested layouts, index and catch-all routes), page links and the page header parts.
import { Children, createContext, isValidElement, useContext } from 'react';
import type { ComponentType, ReactElement, ReactNode } from 'react';
import type {
  MatchedPageRoute,
  PageBreadcrumbsCurrentProps,
  PageBreadcrumbsPageLinkProps,
  PageHeaderLinkProps,
  PageHeaderPageLinkProps,
  PageHeaderPrimaryActionProps,
  PageHeaderSecondaryActionsProps,
  PageLinkProps,
  PageRouterComponent,
  PageRoutesProps,
  PageTitleProps,
  RouteProps,
  IndexRouteProps,
  AnyRouteProps,
} from '@hubspot/ui-extensions/pages';
import { testIdOf } from './components/base.ts';
import { extensionEvent, noReactions } from './components/events.ts';

/** The page the host shows and how to move to another (App Pages paths start with `/`). */
export interface PageLocation {
  readonly path: string;
  readonly navigate: (to: string) => void;
}

export const PageLocationContext = createContext<PageLocation>({ path: '/', navigate: () => undefined });
const MatchedRoute = createContext<MatchedPageRoute>({ path: '/', params: {} });

export function PageRoutes(_props: PageRoutesProps): null {
  return null;
}
PageRoutes.IndexRoute = function IndexRoute(_props: IndexRouteProps): null {
  return null;
};
PageRoutes.Route = function Route(_props: RouteProps): null {
  return null;
};
PageRoutes.AnyRoute = function AnyRoute(_props: AnyRouteProps): null {
  return null;
};

interface FlatRoute {
  readonly pattern: string | null; // null: any path
  readonly id: string | undefined;
  readonly component: ComponentType<Record<string, never>>;
  readonly layouts: ComponentType<{ children: ReactNode }>[];
}

function join(base: string, path: string): string {
  const joined = `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return joined === '' ? '/' : joined.replace(/\/+$/, '') || '/';
}

function flatten(node: ReactNode, base: string, layouts: FlatRoute['layouts'], out: FlatRoute[]): void {
  Children.forEach(node, (child) => {
    if (!isValidElement(child)) return;
    const element = child as ReactElement<Record<string, unknown>>;
    const props = element.props;
    if (element.type === PageRoutes) {
      const routes = props as unknown as PageRoutesProps;
      const path = join(base, routes.path ?? '');
      flatten(
        routes.children,
        path,
        routes.layoutComponent ? [...layouts, routes.layoutComponent] : layouts,
        out,
      );
    } else if (element.type === PageRoutes.IndexRoute) {
      const route = props as unknown as IndexRouteProps;
      out.push({ pattern: base, id: route.id, component: route.component, layouts });
    } else if (element.type === PageRoutes.Route) {
      const route = props as unknown as RouteProps;
      out.push({ pattern: join(base, route.path), id: route.id, component: route.component, layouts });
    } else if (element.type === PageRoutes.AnyRoute) {
      const route = props as unknown as AnyRouteProps;
      out.push({ pattern: null, id: route.id, component: route.component, layouts });
    } else {
      flatten(props['children'] as ReactNode, base, layouts, out);
    }
  });
}

function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = have[index] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return null;
  }
  return params;
}

export const createPageRouter = (routes: ReactElement): PageRouterComponent => {
  const flat: FlatRoute[] = [];
  flatten(routes, '/', [], flat);
  return function PageRouter() {
    const { path } = useContext(PageLocationContext);
    let found: { route: FlatRoute; params: Record<string, string> } | null = null;
    for (const route of flat) {
      const params = route.pattern === null ? {} : match(route.pattern, path);
      if (params && (found === null || (found.route.pattern === null && route.pattern !== null)))
        found = { route, params };
    }
    if (!found) return <p className="hs-text">No page at {path}</p>;
    const { route, params } = found;
    const Page = route.component;
    let content: ReactNode = <Page />;
    for (const Layout of [...route.layouts].reverse()) content = <Layout>{content}</Layout>;
    return (
      <MatchedRoute.Provider
        value={{ ...(route.id === undefined ? {} : { routeId: route.id }), path, params }}
      >
        {content}
      </MatchedRoute.Provider>
    );
  };
};

export const usePageRoute = (): MatchedPageRoute => useContext(MatchedRoute);

export function toPath(to: string, params: Record<string, string> | undefined): string {
  return to.replace(/:([A-Za-z0-9_]+)/g, (whole, name: string) =>
    params?.[name] !== undefined ? encodeURIComponent(params[name]) : whole,
  );
}

export function PageLink({ to, params, children, testId }: PageLinkProps) {
  const { navigate } = useContext(PageLocationContext);
  const target = toPath(to, params);
  return (
    <a
      {...testIdOf(testId)}
      className="hs-link"
      href={`#page:${target}`}
      onClick={(event) => {
        event.preventDefault();
        navigate(target);
      }}
    >
      {children}
    </a>
  );
}

export function PageTitle({ children, testId }: PageTitleProps) {
  return (
    <h1 {...testIdOf(testId)} className="hs-page-title">
      {children}
    </h1>
  );
}

function HeaderRoot({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div {...testIdOf(testId)} className="hs-page-header">
      {children}
    </div>
  );
}

export const PageHeader = Object.assign(HeaderRoot, {
  PrimaryAction: ({ children, testId }: PageHeaderPrimaryActionProps) => (
    <div {...testIdOf(testId)} className="hs-page-header__primary">
      {children}
    </div>
  ),
  SecondaryActions: ({ children, testId }: PageHeaderSecondaryActionsProps) => (
    <div {...testIdOf(testId)} className="hs-page-header__secondary">
      {children}
    </div>
  ),
  Link: ({ children, href, onClick, disabled, testId }: PageHeaderLinkProps) => (
    <a
      {...testIdOf(testId)}
      className="hs-link"
      href={disabled ? undefined : href}
      onClick={onClick ? (event) => void onClick(extensionEvent(event.nativeEvent), noReactions) : undefined}
    >
      {children}
    </a>
  ),
  PageLink: ({ children, to, params, testId }: PageHeaderPageLinkProps) => (
    <PageLink to={to} {...(params ? { params } : {})} {...(testId ? { testId } : {})}>
      {children}
    </PageLink>
  ),
});

function BreadcrumbsRoot({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <nav {...testIdOf(testId)} className="hs-breadcrumbs">
      {children}
    </nav>
  );
}

export const PageBreadcrumbs = Object.assign(BreadcrumbsRoot, {
  PageLink: ({ children, to, params, testId }: PageBreadcrumbsPageLinkProps) => (
    <span className="hs-breadcrumbs__item">
      <PageLink to={to} {...(params ? { params } : {})} {...(testId ? { testId } : {})}>
        {children}
      </PageLink>
    </span>
  ),
  Current: ({ children, testId }: PageBreadcrumbsCurrentProps) => (
    <span {...testIdOf(testId)} className="hs-breadcrumbs__item hs-breadcrumbs__item--current">
      {children}
    </span>
  ),
});
