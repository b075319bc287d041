namespace EventExplorer.Web.Model.Json;

/// <summary>
/// A JSON path as written by the diff, search and field history (<c>$.lines[0].sku</c>, <c>$['odd name']</c>)
/// cut into its steps, so that a narrow column wraps it only between steps (<c>$[0]</c> <c>.type</c>), never
/// inside a name (<c>$[0].typ</c> <c>e</c>).
/// </summary>
public static class JsonPathSteps
{
    /// <summary>The steps in order; joined they give <paramref name="path"/> back exactly.</summary>
    public static IReadOnlyList<string> Split(string path)
    {
        var steps = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (quoted)
            {
                if (c == '\\') i++;
                else if (c == '\'') quoted = false;
                continue;
            }
            if (c == '\'') quoted = true;
            else if (c is '.' or '[' && i > start)
            {
                steps.Add(path[start..i]);
                start = i;
            }
        }
        if (start < path.Length) steps.Add(path[start..]);
        return steps;
    }
}
