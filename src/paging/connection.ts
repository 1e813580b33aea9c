import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { Category, STRUCTURE } from '../access/categories';
import type { RowPage } from './page';

@ObjectType({ simpleResolvers: true, description: 'Where a page ends and whether another follows' })
@Category(STRUCTURE)
export class PageInfo {
  @Field()
  @Category(STRUCTURE)
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  @Category(STRUCTURE)
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount(): Promise<number>;
}

type ConnectionClass<T, C extends ConnectionShape<T>> = new (
  edges: Edge<T>[],
  pageInfo: PageInfo,
  count: () => Promise<number>,
) => C;

/**
 * The edge of every list: a page of domain rows (page.ts) as a GraphQL Connection, each
 * row mapped once by `toNode`. Cursors are encoded only when a client selects them (the
 * dashboard shows 300 nodes and asks for 50 cursors); the total count stays lazy.
 */
export function toConnection<R, T, C extends ConnectionShape<T>>(
  Connection: ConnectionClass<T, C>,
  page: RowPage<R>,
  toNode: (row: R) => T,
): C {
  const edges = page.rows.map((row) => new PageEdge(page, row, toNode(row)));
  const last = edges.length > 0 ? edges[edges.length - 1] : undefined;
  const pageInfo = new PageInfo();
  pageInfo.hasNextPage = page.hasNextPage;
  // The last edge's cursor, so that it is not encoded twice.
  Object.defineProperty(pageInfo, 'endCursor', { get: () => last?.cursor ?? null, enumerable: true });
  return new Connection(edges, pageInfo, page.totalCount);
}

class PageEdge<R, T> implements Edge<T> {
  private encoded: string | undefined;

  constructor(
    private readonly page: RowPage<R>,
    private readonly row: R,
    readonly node: T,
  ) {}

  get cursor(): string {
    return (this.encoded ??= this.page.cursorOf(this.row));
  }
}

/**
 * Declares `<Name>Edge` and `<Name>Connection` for a node type. `totalCount` runs its
 * COUNT query only when a client selects it.
 */
export function connectionTypes<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  @Category(STRUCTURE)
  class Edge {
    @Field()
    @Category(STRUCTURE)
    cursor: string;

    @Field(() => nodeType)
    @Category(STRUCTURE)
    node: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  @Category(STRUCTURE)
  class Connection implements ConnectionShape<T> {
    @Field(() => [Edge])
    @Category(STRUCTURE)
    edges: Edge[];

    @Field(() => PageInfo)
    @Category(STRUCTURE)
    pageInfo: PageInfo;

    constructor(
      edges: Edge[],
      pageInfo: PageInfo,
      private readonly count: () => Promise<number>,
    ) {
      this.edges = edges;
      this.pageInfo = pageInfo;
    }

    @Field(() => Int, { description: 'Counted only when selected' })
    @Category(STRUCTURE)
    totalCount(): Promise<number> {
      return this.count();
    }
  }

  return { Edge, Connection };
}

/**
 * Whether the field being resolved selects `name` directly (through fragments too): lets a
 * list read what the client asked for (its total) in the statement that reads the page.
 */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((selection) => {
      if (selection.kind === 'Field') return selection.name.value === name;
      if (selection.kind === 'InlineFragment') return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
