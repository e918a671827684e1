{%- set options -%}{%- include "partials/palette-options.html" -%}{%- endset -%}
{#-
  A static template (mkdocs.yml, theme.static_templates): rendered once per build into site/assets/palette.js.
-#}
// Material for MkDocs 9.8's palette: its inputs and toggles, written here once for every page (the configuration's
// palette, partials/palette-options.html), put into the page's palette form; then Material's partials/javascripts/
// palette.html: the colours a reader chose, set before the page is drawn.
(function(){var form=document.querySelector("form[data-md-component=palette]");if(form&&!form.firstElementChild)form.innerHTML={{ options | tojson }}})();
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
