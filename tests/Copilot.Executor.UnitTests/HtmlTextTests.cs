using Copilot.Executor.Tools.Web;

namespace Copilot.Executor.UnitTests;

public sealed class HtmlTextTests
{
    [Fact]
    public void Scripts_styles_and_head_are_dropped_and_the_title_is_kept()
    {
        var page = HtmlText.Convert("""
            <!DOCTYPE html>
            <html><head><title> Fish &amp; Chips </title><style>body { color: red }</style>
            <script>var secret = "<p>not text</p>";</script></head>
            <body><noscript>enable JS</noscript><h1>Menu</h1><p>Cod<!-- hidden --> and chips</p>
            <script type="text/javascript">alert(1)</script></body></html>
            """);

        page.Title.Should().Be("Fish & Chips");
        page.Text.Should().Be("Menu\n\nCod and chips");
    }

    [Fact]
    public void Entities_are_decoded_and_source_whitespace_collapsed()
    {
        var page = HtmlText.Convert("<p>5 &lt; 6 &amp;&nbsp;caf&#233;   &#x2014;\n   done</p>");

        page.Text.Should().Be("5 < 6 & café — done");
        page.Title.Should().BeNull();
    }

    [Fact]
    public void Block_elements_become_lines_and_inline_ones_do_not()
    {
        var page = HtmlText.Convert("<div>one <b>bold</b> <a href=\"/x?a=1&b=2\" title='a > b'>link</a></div><ul><li>first</li><li>second</li></ul>line<br>break");

        page.Text.Should().Be("one bold link\n\n- first\n- second\nline\nbreak");
    }

    [Fact]
    public void Broken_markup_still_gives_its_text()
    {
        HtmlText.Convert("<p>a < b and <i>c</p><script>never closed").Text.Should().Be("a < b and c");
    }
}
