// The news feed (Живая лента): blog posts with their recipients, files, comments and, for
// important posts, who has read them. Seeded with the company's announcements.
import type { PortalState } from './state.js';

/** A file attached to a post or a comment (sent inline as [name, base64]). */
export interface FeedFile {
  id: number;
  name: string;
  bytes: Uint8Array;
}

export interface Post {
  id: number;
  /** Each author writes in their own blog. */
  blogId: number;
  authorId: number;
  title: string;
  text: string;
  /** Recipients: UA, U<id>, DR<id>, SG<id>. */
  dest: string[];
  important: boolean;
  /** The end of importance (epoch seconds), or null for no end. */
  importantUntil: number | null;
  date: number;
  files: FeedFile[];
  /** Users who marked an important post as read. */
  readers: number[];
}

export interface Comment {
  id: number;
  postId: number;
  authorId: number;
  text: string;
  date: number;
  files: FeedFile[];
}

export class FeedState {
  readonly posts = new Map<number, Post>();
  readonly comments = new Map<number, Comment>();
  private lastPost = 0;
  private lastComment = 0;
  private lastFile = 0;

  clear(): void {
    this.posts.clear();
    this.comments.clear();
    this.lastPost = 0;
    this.lastComment = 0;
    this.lastFile = 0;
  }

  file(name: string, bytes: Uint8Array): FeedFile {
    this.lastFile += 1;
    return { id: this.lastFile, name, bytes };
  }

  addPost(init: Omit<Post, 'id' | 'blogId' | 'readers'>): Post {
    this.lastPost += 1;
    const post: Post = { ...init, id: this.lastPost, blogId: init.authorId, readers: [] };
    this.posts.set(post.id, post);
    return post;
  }

  addComment(init: Omit<Comment, 'id'>): Comment {
    this.lastComment += 1;
    const comment: Comment = { ...init, id: this.lastComment };
    this.comments.set(comment.id, comment);
    return comment;
  }

  commentsOf(postId: number): Comment[] {
    return [...this.comments.values()].filter((c) => c.postId === postId);
  }
}

/** The director's announcements to everyone (one important, read by some), and a department's post. */
export function seedFeed(state: PortalState): void {
  const feed = state.feed;
  const now = Math.floor(state.seededAt / 86_400) * 86_400;
  const exists = (id: number) => state.users.get(id) !== undefined;
  const rules = feed.addPost({
    authorId: 1,
    title: 'Новый регламент согласования договоров',
    text: 'Коллеги, с 1 числа договоры согласуются только через CRM. [B]Бумажные листы согласования больше не принимаются.[/B] Подробности — у юридического отдела.',
    dest: ['UA'],
    important: true,
    importantUntil: now + 30 * 86_400,
    date: now - 5 * 86_400 + 10 * 3600,
    files: [],
  });
  rules.readers.push(...[2, 3, 6, 7].filter(exists));
  feed.addPost({
    authorId: 1,
    title: 'Итоги квартала',
    text: 'Спасибо всем за работу! План продаж выполнен на 108% 🎉',
    dest: ['UA'],
    important: false,
    importantUntil: null,
    date: now - 2 * 86_400 + 17 * 3600,
    files: [],
  });
  if (exists(5)) {
    const release = feed.addPost({
      authorId: 5,
      title: '',
      text: 'Сегодня в 19:00 обновляем личный кабинет клиента, перерыв в работе — до 15 минут.',
      dest: ['DR5', 'U1'],
      important: false,
      importantUntil: null,
      date: now - 86_400 + 12 * 3600,
      files: [],
    });
    if (exists(9)) feed.addComment({ postId: release.id, authorId: 9, text: 'Миграции проверены на копии базы, готовы.', date: release.date + 1800, files: [] });
  }
  if (exists(2)) feed.addComment({ postId: rules.id, authorId: 2, text: 'Принято, передал менеджерам отдела продаж.', date: rules.date + 3600, files: [] });
}
