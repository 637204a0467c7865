package io.github.migrationchart.plugins.common;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** POM-like XML in tests, read as a {@link ConfigNode} the way a build tool hands it over. */
final class Xml {
    private Xml() {}

    static ConfigNode node(String text) throws Exception {
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        return node(root);
    }

    private static ConfigNode node(Element element) {
        List<ConfigNode> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        NodeList nodes = element.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node child = nodes.item(i);
            if (child instanceof Element childElement) {
                children.add(node(childElement));
            } else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(child.getNodeValue());
            }
        }
        // As Maven's reader: an element with children has no value; a leaf keeps its text as written.
        boolean preserve = "preserve".equals(element.getAttribute("xml:space"));
        String value = children.isEmpty() ? (preserve ? text.toString() : text.toString().strip()) : null;
        return ConfigNode.element(element.getTagName(), children.isEmpty() && text.isEmpty() ? null : value, children);
    }
}
