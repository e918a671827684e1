// Material for MkDocs 9.8's partials/javascripts/base.html, read from this file rather than written into every page
// (overrides/partials/javascripts/base.html). Material scopes a reader's settings (colour scheme) to the site's root,
// which it finds from the page's relative base URL; here the root is the folder above this file (assets/theme.js),
// or the `extra.scope` the configuration gives.
__md_scope=new URL(document.currentScript.dataset.scope||"..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
