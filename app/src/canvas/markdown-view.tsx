import { For, Match, Switch, type JSX } from "solid-js";
import { parseMarkdown, type Block, type Inline } from "./markdown.ts";

/** A note's Markdown as elements; every piece of text is a text node (see markdown.ts). */
export function MarkdownView(props: { source: string }) {
  return <For each={parseMarkdown(props.source)}>{(block) => blockView(block)}</For>;
}

function blockView(block: Block): JSX.Element {
  switch (block.kind) {
    case "heading":
      return block.level === 1 ? <h3>{inlines(block.content)}</h3> : block.level === 2 ? <h4>{inlines(block.content)}</h4> : <h5>{inlines(block.content)}</h5>;
    case "paragraph":
      return <p>{inlines(block.content)}</p>;
    case "code":
      return <pre><code>{block.text}</code></pre>;
    case "list": {
      const items = <For each={block.items}>{(item) => <li>{inlines(item)}</li>}</For>;
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
  }
}

function inlines(parts: readonly Inline[]): JSX.Element {
  return (
    <For each={parts}>
      {(part) => (
        <Switch>
          <Match when={part.kind === "text" && part}>{(text) => text().text}</Match>
          <Match when={part.kind === "code" && part}>{(code) => <code>{code().text}</code>}</Match>
          <Match when={part.kind === "strong" && part}>{(strong) => <strong>{inlines(strong().children)}</strong>}</Match>
          <Match when={part.kind === "em" && part}>{(em) => <em>{inlines(em().children)}</em>}</Match>
          <Match when={part.kind === "link" && part}>
            {(link) => (
              <a href={link().href} target="_blank" rel="noopener noreferrer nofollow">
                {inlines(link().children)}
              </a>
            )}
          </Match>
        </Switch>
      )}
    </For>
  );
}
