namespace EventExplorer.Web.Model.Urls;

/// <summary>A page's state record: it is read from the page's bound parameters and formats the page's URL.</summary>
public interface IPageState
{
    string ToUrl();
}
