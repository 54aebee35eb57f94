"""Reading back what ``dot`` drew: SVG text by node and cluster, and the JSON layout."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

import graphviz

_SVG = "{http://www.w3.org/2000/svg}"


def normalised(text: str) -> str:
    """Text as a diagram shows it: runs of white space as one space, no XML-illegal code points."""
    return " ".join(text.replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd").split())


@dataclass(frozen=True)
class Svg:
    """The text of an SVG drawing, by the ``<title>`` of each node and cluster."""

    nodes: dict[str, str]
    clusters: dict[str, str]
    graph: str
    tooltips: list[str]

    @classmethod
    def parse(cls, data: bytes) -> Svg:
        root = ElementTree.fromstring(data)
        groups: dict[str, dict[str, str]] = {"node": {}, "cluster": {}}
        for group in root.iter(f"{_SVG}g"):
            kind = group.get("class")
            if kind in groups:
                title = group.findtext(f"{_SVG}title") or ""
                groups[kind][title] = _text_of(group)
        graph = " ".join(normalised(text.text or "") for text in root.iter(f"{_SVG}text"))
        tooltips = [a.get("{http://www.w3.org/1999/xlink}title") or "" for a in root.iter(f"{_SVG}a")]
        return cls(groups["node"], groups["cluster"], graph, tooltips)

    @property
    def legend(self) -> str:
        """The legend's title and the text of its samples (nodes are not nested in clusters)."""
        samples = [text for name, text in self.nodes.items() if name.startswith("legend ")]
        return " ".join([self.clusters.get("cluster_legend", ""), *samples])


def _text_of(group: ElementTree.Element) -> str:
    return " ".join(normalised(text.text or "") for text in group.iter(f"{_SVG}text"))


@dataclass(frozen=True)
class Layout:
    """Nodes, clusters and edges as ``dot -Tjson`` laid them out."""

    nodes: dict[str, dict]
    clusters: dict[str, set[str]]
    edges: list[dict]

    @classmethod
    def of(cls, digraph: graphviz.Digraph) -> Layout:
        data = json.loads(digraph.pipe(format="json", quiet=True))
        objects = data.get("objects", [])
        subgraphs, node_list = objects[:data["_subgraph_cnt"]], objects[data["_subgraph_cnt"]:]
        names = {o["_gvid"]: o["name"] for o in node_list}
        clusters = {o["name"]: {names[n] for n in o.get("nodes", ())} for o in subgraphs
                    if o["name"].startswith("cluster")}
        nodes = {o["name"]: o for o in node_list}
        edges = [{**edge, "tail": names[edge["tail"]], "head": names[edge["head"]]}
                 for edge in data.get("edges", [])]
        return cls(nodes, clusters, edges)

    @property
    def theory_nodes(self) -> set[str]:
        """The nodes that are elements (not legend samples)."""
        return {name for name in self.nodes if not name.startswith("legend ")}

    @property
    def theory_edges(self) -> list[dict]:
        return [edge for edge in self.edges if not edge["tail"].startswith("legend ")]

    def edge(self, tail: str, head: str) -> dict:
        (found,) = [e for e in self.edges if (e["tail"], e["head"]) == (tail, head)]
        return found
