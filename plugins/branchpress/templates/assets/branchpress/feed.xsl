<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows BranchPress feeds (RSS 2.0 and Atom 1.0) as a readable Chinese page in a browser.
     Self-hosted: a feed opened in a browser must not fetch anything from another host. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="rss/channel/title | atom:feed/atom:title"/>（订阅源）</title>
        <style>
          body { margin: 0; font: 16px/1.75 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "PingFang SC",
                 "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #222; background: #f6f6f6; }
          main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
          .note { background: #fff4e5; border-left: 4px solid #e67e00; padding: .8rem 1rem; border-radius: .5rem; }
          .note code { word-break: break-all; background: #fff; padding: 0 .3em; }
          h1 { font-size: 1.5rem; margin: 1.2rem 0 .2rem; }
          .desc { color: #666; margin-top: 0; }
          article { background: #fff; border-radius: .6rem; padding: .9rem 1rem; margin: .8rem 0;
                    box-shadow: 0 1px 3px rgba(0,0,0,.08); }
          article h2 { font-size: 1.05rem; margin: 0 0 .3rem; line-height: 1.5; }
          article a { color: #a50d26; text-decoration: none; }
          time { font-size: .8rem; color: #888; }
          article p { margin: .3rem 0 0; color: #555; font-size: .92rem; }
        </style>
      </head>
      <body>
        <main>
          <p class="note">这是本站的<strong>订阅源</strong>，供 RSS 阅读器使用。把本页网址复制到阅读器的“添加订阅”中，
            就能在阅读器里收到支部的最新动态。</p>
          <xsl:apply-templates select="rss/channel | atom:feed"/>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="channel">
    <h1><a href="{link}"><xsl:value-of select="title"/></a></h1>
    <p class="desc"><xsl:value-of select="description"/></p>
    <xsl:for-each select="item">
      <article>
        <h2><a href="{link}"><xsl:value-of select="title"/></a></h2>
        <!-- RFC 822 "Wed, 18 Nov 2026 ..." shown as 2026年11月18日 -->
        <time>
          <xsl:value-of select="substring(pubDate, 13, 4)"/>年<xsl:value-of
            select="string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', substring(pubDate, 9, 3))) div 3 + 1"/>月<xsl:value-of
            select="number(substring(pubDate, 6, 2))"/>日</time>
        <p><xsl:value-of select="description"/></p>
      </article>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="atom:feed">
    <h1><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h1>
    <p class="desc"><xsl:value-of select="atom:subtitle"/></p>
    <xsl:for-each select="atom:entry">
      <article>
        <h2><a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
        <time>
          <xsl:value-of select="substring(atom:published, 1, 4)"/>年<xsl:value-of
            select="number(substring(atom:published, 6, 2))"/>月<xsl:value-of
            select="number(substring(atom:published, 9, 2))"/>日</time>
        <p><xsl:value-of select="atom:summary"/></p>
      </article>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
